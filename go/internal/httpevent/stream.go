package httpevent

import (
	"encoding/json"
	"io"
	"net/http"
)

// StreamContentType is the type of a streamed answer to API Gateway or a
// Function URL: the HTTP-integration prelude (a JSON head with the status,
// headers and cookies, then eight NUL bytes), then the body as it is.
// Lambda's Node.js runtime writes the same with awslambda.HttpResponseStream,
// aws-lambda-go with events.LambdaFunctionURLStreamingResponse.
const StreamContentType = "application/vnd.awslambda.http-integration-response"

// preludeDelimiter ends the prelude's JSON head.
var preludeDelimiter = make([]byte, 8)

// Sink is where a streamed answer goes as it is written: in Lambda's
// streaming mode, the body of the Runtime API's response.
type Sink interface {
	// SetContentType names what follows; it counts only before the first Write.
	SetContentType(contentType string)
	io.Writer
	// Flush sends what was written so far.
	Flush() error
}

// StreamWriter is the http.ResponseWriter of a handler whose answer Lambda
// streams: the prelude leaves with the first Write that leaves (or the
// first Flush), the body as the handler writes and flushes it, as a net/http
// server sends an answer. http.ResponseController's Flush works; its
// deadlines do not (ErrNotSupported), since the invocation's own deadline
// is what bounds the answer.
type StreamWriter struct {
	format Format
	sink   Sink
	header http.Header
	// sent is the header as it was when the status was written; later
	// changes do not count, as on a connection.
	sent     http.Header
	status   int
	headSent bool
}

// NewStreamWriter returns the writer of an answer in format's prelude, to sink.
func NewStreamWriter(format Format, sink Sink) *StreamWriter {
	return &StreamWriter{format: format, sink: sink, header: http.Header{}}
}

func (w *StreamWriter) Header() http.Header { return w.header }

func (w *StreamWriter) WriteHeader(status int) {
	if w.status != 0 {
		return // the status is out already
	}
	if status >= 100 && status < 200 {
		return // informational answers (103 Early Hints) cannot be carried in the prelude
	}
	w.status = status
	w.sent = w.header.Clone()
}

func (w *StreamWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		if w.header.Get("Content-Type") == "" && w.header.Get("Transfer-Encoding") == "" && len(b) > 0 {
			// As net/http's server does for a handler that set none.
			w.header.Set("Content-Type", http.DetectContentType(b))
		}
		w.WriteHeader(http.StatusOK)
	}
	if err := w.writeHead(); err != nil {
		return 0, err
	}
	return w.sink.Write(b)
}

// Flush sends the head, if it has not left yet, and what was written.
func (w *StreamWriter) Flush() { w.FlushError() }

// FlushError is Flush for http.ResponseController, which reports its error.
func (w *StreamWriter) FlushError() error {
	w.WriteHeader(http.StatusOK)
	if err := w.writeHead(); err != nil {
		return err
	}
	return w.sink.Flush()
}

// Finish completes the answer once the handler has returned: a handler that
// wrote nothing answers 200 with no body, as on a connection.
func (w *StreamWriter) Finish() error {
	w.WriteHeader(http.StatusOK)
	return w.writeHead()
}

func (w *StreamWriter) writeHead() error {
	if w.headSent {
		return nil
	}
	w.headSent = true
	head, err := encodeHead(w.format, w.status, w.sent)
	if err != nil {
		return err
	}
	w.sink.SetContentType(StreamContentType)
	_, err = w.sink.Write(append(head, preludeDelimiter...))
	return err
}

// encodeHead is the prelude's JSON head: for API Gateway's REST APIs
// (payload format 1.0) the status, headers and multiValueHeaders; for
// Function URLs (2.0) the status, headers and cookies. The header maps are
// those of the buffered answer's format.
func encodeHead(format Format, status int, header http.Header) ([]byte, error) {
	if format == FormatV2 {
		headers, cookies := v2Headers(header)
		return json.Marshal(struct {
			StatusCode int               `json:"statusCode"`
			Headers    map[string]string `json:"headers"`
			Cookies    []string          `json:"cookies,omitempty"`
		}{status, headers, cookies})
	}
	headers, multiValueHeaders := v1Headers(header)
	return json.Marshal(struct {
		StatusCode        int                 `json:"statusCode"`
		Headers           map[string]string   `json:"headers"`
		MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	}{status, headers, multiValueHeaders})
}
