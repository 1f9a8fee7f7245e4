package contract

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/go-handoff/go-handoff/internal/logging"
)

// TimeoutSource names where the function's timeout was set, for the message
// a timed-out request gets (e.g. "FUNCTION_TIMEOUT_SEC"). The SDK sets it.
var TimeoutSource = "the default"

// withDeadline answers for the function when it overruns its deadline: the
// function runs in another goroutine (a worker's, see workers.go); when the
// deadline passes, its context is already cancelled (WithInvocation's
// doing), and the client gets, at once, the contract's timeout answer, or,
// when the function had begun its answer, a closed connection. The process
// goes on serving; the function's goroutine is free again when the function
// returns.
//
// Requests without a deadline are served directly.
func withDeadline(next http.Handler, answers answers) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline, ok := r.Context().Deadline()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		guarded := &guardedWriter{w: w}
		finished := make(chan any, 1)
		handlerWorkers.run(func() {
			defer func() { finished <- recover() }()
			next.ServeHTTP(guarded, r)
		})
		select {
		case recovered := <-finished:
			if recovered != nil {
				panic(recovered) // http.ErrAbortHandler: abort where net/http expects it
			}
			return
		case <-r.Context().Done():
		}
		stopped := guarded.stop()
		select {
		case recovered := <-finished:
			// It finished as the deadline passed: its answer stands.
			if recovered != nil {
				panic(recovered)
			}
			return
		default:
		}
		if !stopped {
			// It hijacked the connection, which is its own to close.
			if recovered := <-finished; recovered != nil {
				panic(recovered)
			}
			return
		}
		if !errors.Is(r.Context().Err(), context.DeadlineExceeded) {
			return // the client went away: nobody to answer
		}
		info := InfoOf(r)
		timeout := deadline.Sub(info.Start).Round(time.Millisecond)
		logging.Report(info, logging.Error, fmt.Sprintf("go-handoff: execution %s did not finish within its timeout of %s (%s); its context was cancelled and the client answered", info.ExecutionID, timeout, TimeoutSource))
		if guarded.began {
			panic(http.ErrAbortHandler) // half an answer is out: the client must see it broken
		}
		answers.timedOut(w, info, fmt.Sprintf("the function did not finish within its timeout of %s (%s); its context was cancelled", timeout, TimeoutSource))
	})
}

// guardedWriter lets the function write until the deadline, and not after:
// net/http forbids using a ResponseWriter once ServeHTTP has returned.
type guardedWriter struct {
	mu       sync.Mutex
	w        http.ResponseWriter
	began    bool // headers sent
	stopped  bool // the deadline passed: writes fail from now on
	hijacked bool
	// discarded takes the headers the function sets after the deadline,
	// which must not touch the answer net/http is sending for it.
	discarded http.Header
}

// stop ends the function's use of the writer; false if it cannot be taken
// back (the function has finished, or hijacked the connection).
func (g *guardedWriter) stop() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hijacked {
		return false
	}
	g.stopped = true
	return true
}

func (g *guardedWriter) Header() http.Header {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		if g.discarded == nil {
			g.discarded = http.Header{}
		}
		return g.discarded
	}
	return g.w.Header()
}

func (g *guardedWriter) WriteHeader(status int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.stopped {
		g.began = true
		g.w.WriteHeader(status)
	}
}

func (g *guardedWriter) Write(b []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.stopped {
		return 0, http.ErrHandlerTimeout
	}
	g.began = true
	return g.w.Write(b)
}

func (g *guardedWriter) Flush() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.w.(http.Flusher); ok && !g.stopped {
		g.began = true
		f.Flush()
	}
}

func (g *guardedWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	h, ok := g.w.(http.Hijacker)
	if !ok || g.stopped {
		return nil, nil, errors.New("go-handoff: the connection cannot be hijacked")
	}
	g.hijacked = true
	return h.Hijack()
}
