package httpevent

import (
	"bytes"
	"net/http"
)

// Recorder is the http.ResponseWriter a handler writes its answer to: Lambda
// takes the whole answer at once, when the handler has returned.
type Recorder struct {
	header http.Header
	// sent is the header as it was when the status was written, as a server
	// would have sent it; later changes do not count.
	sent   http.Header
	status int
	body   bytes.Buffer
}

// NewRecorder returns an empty Recorder.
func NewRecorder() *Recorder { return &Recorder{header: http.Header{}} }

func (r *Recorder) Header() http.Header { return r.header }

func (r *Recorder) WriteHeader(status int) {
	if r.status != 0 {
		return // the status is out already
	}
	if status >= 100 && status < 200 {
		return // informational answers (103 Early Hints) cannot be carried in an event's answer
	}
	r.status = status
	r.sent = r.header.Clone()
}

func (r *Recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		if r.header.Get("Content-Type") == "" && r.header.Get("Transfer-Encoding") == "" {
			// As net/http's server does for a handler that set none.
			r.header.Set("Content-Type", http.DetectContentType(b))
		}
		r.WriteHeader(http.StatusOK)
	}
	return r.body.Write(b)
}

// Flush does nothing: nothing leaves before the handler returns.
func (r *Recorder) Flush() {}

// Answer is what the handler wrote: 200 with no body when it wrote nothing.
func (r *Recorder) Answer() (int, http.Header, []byte) {
	if r.status == 0 {
		return http.StatusOK, r.header.Clone(), nil
	}
	return r.status, r.sent, r.body.Bytes()
}
