package contract

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-handoff/go-handoff/internal/httpevent"
	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// TimeoutSource names where the function's timeout was set, for the message
// a timed-out request gets (e.g. "FUNCTION_TIMEOUT_SEC"). The SDK sets it
// when it starts, and handoff.NewHandler each time it is called: atomic, as
// MaxBodyBytes, for the tests that call it while others are served.
var TimeoutSource = func() *atomic.Pointer[string] {
	source, initial := new(atomic.Pointer[string]), "the default"
	source.Store(&initial)
	return source
}()

// withDeadline answers for the function when it overruns its deadline. When
// the deadline passes, the function's context is already cancelled
// (WithInvocation's doing), and the client gets, at once, the contract's
// timeout answer, or, when the function had begun its answer, a closed
// connection. The process goes on serving.
//
// The function runs on the request's own goroutine, and the timeout answer
// is written on the request's connection from the context's AfterFunc.
// Running the function on another goroutine, so that the request's could
// answer, cost a goroutine switch each way on every request: 10-15% of the
// CPU per request of a trivial function and, at 256 connections on one
// core, a p99 latency of 200 ms instead of 15 ms (the scheduler let some
// connections' goroutines wait). Requests without a connection to answer on
// (Lambda's HTTP events) still take that way; requests without a deadline
// are served directly. A function still running past its deadline keeps
// its connection busy, so a SIGTERM's graceful shutdown waits for it, up to
// the grace period, as for any request in flight.
func withDeadline(next http.Handler, answers answers) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline, ok := r.Context().Deadline()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		conn := invocation.ConnFrom(r.Context())
		if conn == nil {
			guardInAnotherGoroutine(next, answers, w, r, deadline)
			return
		}
		guarded := &guardedWriter{w: w}
		cutOff := make(chan struct{})
		stop := context.AfterFunc(r.Context(), func() {
			defer close(cutOff)
			answerOnTheConnection(guarded, conn, r, answers, deadline)
		})
		defer func() {
			guarded.finish()
			if !stop() {
				<-cutOff // it may be writing on the connection: let it end first
			}
		}()
		next.ServeHTTP(guarded, r)
	})
}

// answerOnTheConnection ends a request whose function is still running
// past its deadline: the timeout answer, or, when the function had begun
// its own, the end of the connection, written past net/http (which is
// still in the function's hands).
func answerOnTheConnection(guarded *guardedWriter, conn net.Conn, r *http.Request, answers answers, deadline time.Time) {
	if !errors.Is(r.Context().Err(), context.DeadlineExceeded) {
		return // the client went away: nobody to answer
	}
	began, stopped := guarded.stop()
	if !stopped {
		return // the function has returned, or hijacked the connection
	}
	info, reason := reportTimeout(r, deadline)
	if !began {
		answer := httpevent.NewRecorder()
		answers.timedOut(answer, info, reason)
		conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
		writeClosingAnswer(conn, r, answer)
	}
	// Half an answer must reach the client broken; a whole one ends the
	// connection (it said Connection: close). Only the sending side is shut:
	// closing the socket with the request's unread body in it would reset
	// the connection, and the client could lose the answer. The server's
	// connections (linger.Conn) then drain the rest of the body, within
	// their bounds, and close.
	if tcp, ok := conn.(interface{ CloseWrite() error }); ok {
		tcp.CloseWrite()
	} else {
		conn.Close()
	}
}

// writeClosingAnswer writes what answer recorded as HTTP/1.1, ending the
// connection (Connection: close), with the Date header net/http would add.
func writeClosingAnswer(w io.Writer, r *http.Request, answer *httpevent.Recorder) error {
	status, header, body := answer.Answer()
	if header.Get("Date") == "" {
		header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	return (&http.Response{
		StatusCode:    status,
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		ContentLength: int64(len(body)),
		Body:          io.NopCloser(bytes.NewReader(body)),
		Close:         true,
		Request:       r, // a HEAD request's answer has no body
	}).Write(w)
}

// guardInAnotherGoroutine runs the function on a goroutine of its own while
// the request's goroutine waits for it or for the deadline, and answers
// then. A goroutine per request costs little here: on Lambda, the only
// caller, invocations come one at a time.
func guardInAnotherGoroutine(next http.Handler, answers answers, w http.ResponseWriter, r *http.Request, deadline time.Time) {
	guarded := &guardedWriter{w: w}
	finished := make(chan any, 1)
	go func() {
		defer func() { finished <- recover() }()
		next.ServeHTTP(guarded, r)
	}()
	select {
	case recovered := <-finished:
		if recovered != nil {
			panic(recovered) // http.ErrAbortHandler: abort where net/http expects it
		}
		return
	case <-r.Context().Done():
	}
	began, stopped := guarded.stop()
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
	info, reason := reportTimeout(r, deadline)
	if began {
		panic(http.ErrAbortHandler) // half an answer is out: the client must see it broken
	}
	answers.timedOut(w, info, reason)
}

// reportTimeout logs that the request's function overran its deadline, and
// says why for the client's answer.
func reportTimeout(r *http.Request, deadline time.Time) (info *invocation.Info, reason string) {
	info = InfoOf(r)
	timeout := deadline.Sub(info.Start).Round(time.Millisecond)
	logging.Report(info, logging.Error, fmt.Sprintf("go-handoff: execution %s did not finish within its timeout of %s (%s); its context was cancelled and the client answered", info.ExecutionID, timeout, *TimeoutSource.Load()))
	return info, fmt.Sprintf("the function did not finish within its timeout of %s (%s); its context was cancelled", timeout, *TimeoutSource.Load())
}

// guardedWriter lets the function write until the deadline, and not after:
// net/http forbids using a ResponseWriter once ServeHTTP has returned.
type guardedWriter struct {
	mu       sync.Mutex
	w        http.ResponseWriter
	began    bool // headers sent
	stopped  bool // the deadline passed: writes fail from now on
	hijacked bool
	returned bool // the function has returned: its answer stands
	// discarded takes the headers the function sets after the deadline,
	// which must not touch the answer net/http is sending for it.
	discarded http.Header
}

// stop ends the function's use of the writer, and says whether it had
// begun its answer; stopped is false if the writer cannot be taken back
// (the function has returned, or hijacked the connection).
func (g *guardedWriter) stop() (began, stopped bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.hijacked || g.returned {
		return g.began, false
	}
	g.stopped = true
	return g.began, true
}

// finish notes that the function has returned.
func (g *guardedWriter) finish() {
	g.mu.Lock()
	g.returned = true
	g.mu.Unlock()
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
