package server

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/go-handoff/go-handoff/internal/linger"
)

// BodyBounds bound how long a client may keep the server waiting for a
// request's body: in all, reads of the body may wait Timeout for the
// client's bytes, plus one second for every MinRate bytes it has sent.
//
// Only the time spent waiting for the client counts, not the time the
// function spends between its reads, and every byte the client sends earns
// it more: an upload that keeps coming at MinRate or faster is never cut,
// however long it is, short of the function's own deadline. A client that
// sends nothing, or trickles (one byte a second), is cut off about Timeout
// after it began to keep the server waiting.
type BodyBounds struct {
	// Timeout is the wait allowed before the body has earned any more; 0:
	// reading a body is not bounded (but for the function's deadline).
	Timeout time.Duration
	// MinRate is the rate (bytes per second) that earns a second more of
	// waiting per MinRate bytes; 0: none is earned.
	MinRate int64
}

// DefaultBodyBounds are Apache httpd's own (mod_reqtimeout's
// "body=20,MinRate=500"), made against slow-body attacks: 20 seconds, and a
// second more for every 500 bytes.
var DefaultBodyBounds = BodyBounds{Timeout: 20 * time.Second, MinRate: 500}

// unreadBodyTolerance is how much of a body its function left unread is
// read and thrown away after it returns, to keep the connection: net/http's
// own tolerance. A larger rest closes the connection instead.
const unreadBodyTolerance = 256 << 10

// withBodyBounds holds every request body to bounds while the function
// reads it; past them, the function's read fails with a *BodyTooSlowError
// (the contracts answer 408), and the connection ends after the answer.
//
// What the function leaves unread is read after it returns, as net/http
// would (up to unreadBodyTolerance, so that the connection serves on), but
// within bounds and within the lingering close's budget (linger.Bounds's
// time, from the function's return): a body trickling in cannot hold the
// answer longer. When the rest is not read, the answer says
// Connection: close and the connection lingers as it closes, so that a
// client still sending reads the answer.
func withBodyBounds(next http.Handler, bounds BodyBounds) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, served := connOfRequest(r)
		if served == nil || r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		body := &boundedBody{body: r.Body, conn: conn, bounds: bounds}
		bounded := r.WithContext(r.Context()) // a copy: net/http's own request keeps its own body
		bounded.Body = body
		next.ServeHTTP(w, bounded)
		if !served.hijacked.Load() {
			body.finish(w, r)
		}
	})
}

// boundedBody is a request's body, read within BodyBounds.
type boundedBody struct {
	body   io.ReadCloser
	conn   *linger.Conn
	bounds BodyBounds

	received int64
	waited   time.Duration
	asked    bool  // read at least once: a client that sent Expect: 100-continue was asked for its body
	ended    bool  // read to its end
	err      error // the read failed: no more reads
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	b.asked = true
	if b.bounds.Timeout <= 0 {
		n, err := b.body.Read(p)
		return b.note(n, err)
	}
	left := b.allowance()
	if left <= 0 {
		return b.note(0, os.ErrDeadlineExceeded)
	}
	start := time.Now()
	b.conn.SetReadDeadline(start.Add(left))
	n, err := b.body.Read(p)
	b.waited += time.Since(start)
	return b.note(n, err)
}

// allowance is how much longer reads may wait for the client now.
func (b *boundedBody) allowance() time.Duration {
	earned := time.Duration(0)
	if b.bounds.MinRate > 0 {
		earned = time.Duration(min(float64(b.received)/float64(b.bounds.MinRate)*float64(time.Second), math.MaxInt64/2))
	}
	return b.bounds.Timeout + earned - b.waited
}

func (b *boundedBody) note(n int, err error) (int, error) {
	b.received += int64(n)
	switch {
	case err == nil:
	case err == io.EOF:
		b.ended = true
		// net/http reads in the background from now on, to see the
		// client go away: no deadline of the body's may cut that read.
		b.conn.SetReadDeadline(time.Time{})
	case errors.Is(err, os.ErrDeadlineExceeded):
		b.err = &BodyTooSlowError{Received: b.received, Waited: b.waited, Bounds: b.bounds}
		b.conn.CloseAfterAnswer()
	default:
		b.err = err
	}
	if b.err != nil {
		return n, b.err
	}
	return n, err
}

func (b *boundedBody) Close() error { return b.body.Close() }

// finish deals with the body as the function left it when it returned,
// before net/http sends the answer: read to its end, it is done; else the
// rest is read, if it is worth it, within the drain's budget; else the
// connection ends with this answer.
func (b *boundedBody) finish(w http.ResponseWriter, r *http.Request) {
	if b.ended {
		return
	}
	if b.err == nil && b.worthReading(w, r) {
		b.conn.StartBudget()
		io.CopyN(io.Discard, b, unreadBodyTolerance+1)
		if b.ended {
			b.conn.StopBudget()
			b.conn.SetReadDeadline(time.Time{})
			return
		}
	}
	w.Header().Set("Connection", "close") // when the answer has not begun
	b.conn.CloseAfterAnswer()
}

// worthReading says whether reading the rest of the body could keep the
// connection for another request.
func (b *boundedBody) worthReading(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case r.Close, strings.EqualFold(w.Header().Get("Connection"), "close"):
		return false // the connection ends anyway
	case !b.asked && strings.EqualFold(r.Header.Get("Expect"), "100-continue"):
		return false // the client waits to be asked for its body, and never was
	case r.ContentLength > 0 && r.ContentLength-b.received > unreadBodyTolerance:
		return false
	}
	return true
}

// BodyTooSlowError is the error reading a request's body gives once the
// client has kept the server waiting past its BodyBounds. It is an
// os.ErrDeadlineExceeded (errors.Is), which the contracts answer 408.
type BodyTooSlowError struct {
	Received int64
	Waited   time.Duration
	Bounds   BodyBounds
}

func (e *BodyTooSlowError) Error() string {
	return fmt.Sprintf("the request body came too slowly: %d bytes in %s of waiting; a body may keep the server waiting %s, plus 1s for every %d bytes it brings (GO_HANDOFF_BODY_TIMEOUT, GO_HANDOFF_BODY_MIN_RATE)",
		e.Received, e.Waited.Round(time.Millisecond), e.Bounds.Timeout, e.Bounds.MinRate)
}

func (e *BodyTooSlowError) Unwrap() error { return os.ErrDeadlineExceeded }

// Timeout makes it a net.Error that timed out, as a read past a deadline is.
func (e *BodyTooSlowError) Timeout() bool { return true }
