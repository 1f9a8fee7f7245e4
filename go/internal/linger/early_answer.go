package linger

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// AnswerEarly writes an answer given before the request's body was read (a
// 413 for a declared length over the limit), so that every client reads it,
// those that send their whole body first included.
//
// A declared body within the drain's byte bound is read to its end after
// the answer has gone out, and the connection then serves the next request.
// Any other body (chunked, larger than the bound, or held back by
// Expect: 100-continue, whose client is told no and need not send it) gets
// "Connection: close": net/http ends the connection without reading more,
// and its Conn lingers as it closes. answer writes the answer, and must not
// read the body.
func AnswerEarly(w http.ResponseWriter, r *http.Request, answer func(w http.ResponseWriter)) {
	c, _ := invocation.ConnFrom(r.Context()).(*Conn)
	if c == nil || r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		answer(w)
		return
	}
	// Full duplex keeps net/http from deciding, as the answer goes out, that
	// a body this large is to be given up on (it drains 256 KiB at most).
	controller := http.NewResponseController(w)
	if r.ContentLength < 0 || r.ContentLength > c.drains.bounds.Bytes || expectsContinue(r) || controller.EnableFullDuplex() != nil {
		w.Header().Set("Connection", "close")
		c.CloseAfterAnswer()
		answer(w)
		return
	}
	answer(w)
	// The clock runs from the answer; if the body does not end in time, the
	// connection closes, and its lingering close has what is left of the
	// same time, not a new one.
	if controller.Flush() != nil || controller.SetReadDeadline(c.begin()) != nil {
		c.CloseAfterAnswer() // the client went away
		return
	}
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		// The time is up, or the client went away. The answer is out
		// without Connection: close, and net/http, in full duplex, would
		// read what follows as the next request: the connection ends.
		c.CloseAfterAnswer()
		return
	}
	c.end()
	controller.SetReadDeadline(time.Time{})
}

func expectsContinue(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Expect"), "100-continue")
}
