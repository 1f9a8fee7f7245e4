package contract

import (
	"bufio"
	"errors"
	"net"
	"net/http"
)

// recoverHTTP serves a net/http function, turning a panic into a 500 (with
// X-Google-Status: crash and the stack in the logs) when nothing was written
// yet, or into an aborted connection when the answer had begun.
func recoverHTTP(function http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tracked := &trackingWriter{ResponseWriter: w}
		defer func() {
			recovered := recover()
			if recovered == nil || recovered == http.ErrAbortHandler {
				if recovered != nil {
					panic(recovered)
				}
				return
			}
			info := InfoOf(r)
			ReportPanic(info, &Panic{Value: recovered, Stack: stack()})
			if tracked.wroteHeader {
				// Half an answer is out: the client must see it broken.
				panic(http.ErrAbortHandler)
			}
			w.Header().Set(statusHeader, statusCrash)
			http.Error(w, crashMessage(info), http.StatusInternalServerError)
		}()
		function.ServeHTTP(tracked, r)
	})
}

// trackingWriter notes whether the answer has begun. It passes Flush and
// Hijack through, and Unwrap lets http.ResponseController reach the rest.
type trackingWriter struct {
	http.ResponseWriter
	wroteHeader bool
}

func (t *trackingWriter) WriteHeader(status int) {
	t.wroteHeader = true
	t.ResponseWriter.WriteHeader(status)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.wroteHeader = true
	return t.ResponseWriter.Write(b)
}

func (t *trackingWriter) Flush() {
	t.wroteHeader = true
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (t *trackingWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := t.ResponseWriter.(http.Hijacker); ok {
		t.wroteHeader = true
		return h.Hijack()
	}
	return nil, nil, errors.New("go-handoff: the connection cannot be hijacked")
}

func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }
