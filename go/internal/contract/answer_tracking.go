package contract

import (
	"bufio"
	"errors"
	"net"
	"net/http"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// TrackedAnswer is a handler's ResponseWriter that notes how far its answer
// has gone, so that a panic recovered from the handler can tell what the
// client may still be given: an answer of its own when none was begun, the
// handler's own error answer when nothing of it has left the process yet
// (net/http holds a small answer until the handler returns), or nothing but
// a broken connection.
//
// It passes Flush and Hijack through, and Unwrap lets
// http.ResponseController reach the rest.
type TrackedAnswer struct {
	http.ResponseWriter
	// sent counts the bytes sent on the request's connection (linger.Conn),
	// so that bytes net/http sent on its own, its buffer full, count too.
	sent interface{ Written() int64 }

	status     int   // the answer's status; 0: not begun
	sentBefore int64 // sent, when the answer began
	flushed    bool  // Flush or Hijack: bytes may have left
}

// TrackAnswer wraps w, the writer of r's answer.
func TrackAnswer(w http.ResponseWriter, r *http.Request) *TrackedAnswer {
	t := &TrackedAnswer{ResponseWriter: w}
	t.sent, _ = invocation.ConnFrom(r.Context()).(interface{ Written() int64 })
	return t
}

// Began says whether the handler has begun its answer (its final status,
// or a byte of its body).
func (t *TrackedAnswer) Began() bool { return t.status != 0 }

// ErrorHeld says whether the handler answered an error status (500 or more)
// of which nothing has left the process: net/http can still send it whole.
func (t *TrackedAnswer) ErrorHeld() bool {
	return t.status >= http.StatusInternalServerError && !t.flushed && (t.sent == nil || t.sent.Written() == t.sentBefore)
}

func (t *TrackedAnswer) begin(status int) {
	if t.status == 0 {
		t.status = status
		if t.sent != nil {
			t.sentBefore = t.sent.Written()
		}
	}
}

func (t *TrackedAnswer) WriteHeader(status int) {
	// An informational answer (103 Early Hints) goes out at once, and the
	// answer proper is still to come.
	if status >= 200 || status == http.StatusSwitchingProtocols {
		t.begin(status)
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *TrackedAnswer) Write(b []byte) (int, error) {
	t.begin(http.StatusOK)
	return t.ResponseWriter.Write(b)
}

func (t *TrackedAnswer) Flush() {
	t.begin(http.StatusOK)
	t.flushed = true
	if f, ok := t.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (t *TrackedAnswer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if h, ok := t.ResponseWriter.(http.Hijacker); ok {
		t.begin(http.StatusSwitchingProtocols)
		t.flushed = true
		return h.Hijack()
	}
	return nil, nil, errors.New("go-handoff: the connection cannot be hijacked")
}

func (t *TrackedAnswer) Unwrap() http.ResponseWriter { return t.ResponseWriter }
