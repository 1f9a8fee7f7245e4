package contract

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// recordedAnswer is a ResponseWriter that keeps the answer, for the
// deadline guard to write it on the connection itself.
type recordedAnswer struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecordedAnswer() *recordedAnswer {
	return &recordedAnswer{header: http.Header{}, status: http.StatusOK}
}

func (a *recordedAnswer) Header() http.Header         { return a.header }
func (a *recordedAnswer) WriteHeader(status int)      { a.status = status }
func (a *recordedAnswer) Write(b []byte) (int, error) { return a.body.Write(b) }

// writeTo writes the answer to r as HTTP/1.1, ending the connection
// (Connection: close), with the Date header net/http would add.
func (a *recordedAnswer) writeTo(w io.Writer, r *http.Request) error {
	if a.header.Get("Date") == "" {
		a.header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
	}
	answer := &http.Response{
		StatusCode:    a.status,
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        a.header,
		ContentLength: int64(a.body.Len()),
		Body:          io.NopCloser(&a.body),
		Close:         true,
		Request:       r, // a HEAD request's answer has no body
	}
	return answer.Write(w)
}
