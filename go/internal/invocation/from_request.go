package invocation

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// FromRequest describes an HTTP invocation. deadline is zero when the
// function has no timeout.
func FromRequest(r *http.Request, deadline time.Time) *Info {
	id := r.Header.Get("Function-Execution-Id")
	if id == "" {
		id = NewID()
	}
	return &Info{
		ExecutionID: id,
		Trace:       TraceID(r.Header.Get("X-Cloud-Trace-Context")),
		Deadline:    deadline,
		Headers:     r.Header,
		Function:    ThisFunction,
	}
}

// TraceID takes the trace id out of an X-Cloud-Trace-Context value
// ("TRACE_ID/SPAN_ID;o=OPTIONS").
func TraceID(header string) string {
	trace, _, _ := strings.Cut(header, "/")
	return strings.TrimSpace(trace)
}

// NewID returns a random id in the UUID version 4 form Lambda uses for its
// request ids.
func NewID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails on Linux (getrandom)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
