package lambda

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
)

// The Runtime API's streaming mode, as aws-lambda-nodejs-runtime-interface-
// client's createResponseStream speaks it: one POST to .../response with
// Lambda-Runtime-Function-Response-Mode: streaming and a chunked body that
// Lambda passes on as it arrives; a failure after the first byte travels
// in the trailers it declares up front, the error's type and its report in
// base64.
const (
	headerResponseMode    = "Lambda-Runtime-Function-Response-Mode"
	responseModeStreaming = "streaming"
	trailerErrorType      = "Lambda-Runtime-Function-Error-Type"
	trailerErrorBody      = "Lambda-Runtime-Function-Error-Body"
)

// RespondStream posts the answer to the invocation requestID in streaming
// mode, and returns once Lambda has taken all of it. Each read of body
// leaves as one chunk, at once; the trailers are body's, as they are when
// it ends. The post holds a connection of its own until then.
func (c *Client) RespondStream(requestID, contentType string, body *streamBody) error {
	req, err := c.streamRequest(requestID, contentType, body)
	if err != nil {
		return err
	}
	return c.send(req)
}

// RespondStreamAndPoll posts the streamed answer as RespondStream does and,
// unless polling has ended by the time the answer is whole, asks for the
// next invocation right behind it, as RespondAndPoll does (poll.go).
func (c *Client) RespondStreamAndPoll(polling context.Context, requestID, contentType string, body *streamBody) (*Poll, error) {
	req, err := c.streamRequest(requestID, contentType, body)
	if err != nil {
		return &Poll{client: c}, err
	}
	return c.postAndPoll(polling, req)
}

func (c *Client) streamRequest(requestID, contentType string, body *streamBody) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+"/invocation/"+url.PathEscape(requestID)+"/response", body)
	if err != nil {
		return nil, err
	}
	req.TransferEncoding = []string{"chunked"}
	req.Trailer = body.trailer
	req.GetBody = body.again
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set(headerResponseMode, responseModeStreaming)
	return req, nil
}

// streamBody is a streamed answer on its way: what the function writes to
// the pipe's other end, then the trailers.
type streamBody struct {
	*io.PipeReader
	// trailer declares the error trailers; their values are set, if the
	// answer fails, before the pipe's writer closes, which is before the
	// request reads them.
	trailer http.Header
}

func newStreamBody(reader *io.PipeReader) *streamBody {
	return &streamBody{PipeReader: reader, trailer: http.Header{trailerErrorType: nil, trailerErrorBody: nil}}
}

// errSentOnce answers the connection's offer to send the request again on a
// new connection, which it makes when a kept-alive one closed before any
// answer came: a streamed answer's first bytes left with the old one.
var errSentOnce = errors.New("the Runtime API's connection closed before it answered, and a streamed answer cannot be sent again: its first bytes left with that connection")

func (b *streamBody) again() (io.ReadCloser, error) { return nil, errSentOnce }
