package lambda

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"strings"
)

// apiVersion is the only version of the Runtime API there is.
const apiVersion = "2018-06-01"

// The headers of the Runtime API.
const (
	headerRequestID          = "Lambda-Runtime-Aws-Request-Id"
	headerDeadlineMs         = "Lambda-Runtime-Deadline-Ms"
	headerInvokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	headerTraceID            = "Lambda-Runtime-Trace-Id"
	headerClientContext      = "Lambda-Runtime-Client-Context"
	headerCognitoIdentity    = "Lambda-Runtime-Cognito-Identity"
	headerErrorType          = "Lambda-Runtime-Function-Error-Type"
)

// Client speaks the Runtime API. It is safe for concurrent use.
type Client struct {
	// base is http://<AWS_LAMBDA_RUNTIME_API>/2018-06-01/runtime.
	base      string
	conns     *connections
	userAgent string
}

// NewClient talks to the Runtime API at address (host:port, the value of
// AWS_LAMBDA_RUNTIME_API) over kept-alive connections, one per call in
// progress (connections.go), without a timeout (the next invocation may be
// minutes away, with the process frozen in between) and without a proxy
// (the Runtime API is on this machine, whatever HTTP_PROXY the function is
// configured with).
func NewClient(address string) *Client {
	return &Client{
		base:      "http://" + address + "/" + apiVersion + "/runtime",
		conns:     &connections{address: address},
		userAgent: "go-handoff (" + runtime.Version() + ")",
	}
}

// StatusError is the Runtime API answering with a status other than the one
// the call expects.
type StatusError struct {
	Call   string // "POST http://.../response"
	Status int
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: the Runtime API answered %d %s: %s", e.Call, e.Status, http.StatusText(e.Status), strings.TrimSpace(e.Body))
}

// Invocation is one event to handle.
type Invocation struct {
	RequestID string
	Payload   []byte
	// Header holds the invocation's Lambda-Runtime-* headers.
	Header http.Header
}

// Next waits for the next invocation.
func (c *Client) Next(ctx context.Context) (*Invocation, error) {
	req, err := c.nextRequest(ctx)
	if err != nil {
		return nil, err
	}
	resp, payload, err := c.conns.do(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	return invocationFrom(req, resp, payload)
}

func (c *Client) nextRequest(ctx context.Context) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/invocation/next", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	return req, nil
}

// invocationFrom reads the answer to GET /next.
func invocationFrom(req *http.Request, resp *http.Response, payload []byte) (*Invocation, error) {
	if resp.StatusCode != http.StatusOK {
		return nil, &StatusError{Call: "GET " + req.URL.String(), Status: resp.StatusCode, Body: string(payload)}
	}
	id := resp.Header.Get(headerRequestID)
	if id == "" {
		return nil, fmt.Errorf("GET %s: the Runtime API gave an event without the %s header", req.URL, headerRequestID)
	}
	return &Invocation{RequestID: id, Payload: payload, Header: resp.Header}, nil
}

// Respond posts the answer to the invocation requestID.
func (c *Client) Respond(requestID string, answer []byte, contentType string) error {
	return c.post("/invocation/"+url.PathEscape(requestID)+"/response", answer, contentType, "")
}

// ReportError posts the invocation's failure.
func (c *Client) ReportError(requestID string, report ErrorReport) error {
	return c.postReport("/invocation/"+url.PathEscape(requestID)+"/error", report)
}

// ReportInitError posts why the function cannot start; the process must
// exit afterwards.
func (c *Client) ReportInitError(report ErrorReport) error {
	return c.postReport("/init/error", report)
}

func (c *Client) postReport(path string, report ErrorReport) error {
	return c.post(path, encodeReport(report), "application/json", report.Type)
}

func (c *Client) post(path string, body []byte, contentType, errorType string) error {
	req, err := c.postRequest(path, body, contentType, errorType)
	if err != nil {
		return err
	}
	return c.send(req)
}

func (c *Client) postRequest(path string, body []byte, contentType, errorType string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Content-Type", contentType)
	if errorType != "" {
		req.Header.Set(headerErrorType, errorType)
	}
	return req, nil
}

// send makes the call req, which the Runtime API accepts with 202, on a
// connection no other call uses until it is over: a streamed answer's holds
// it for as long as the function writes.
func (c *Client) send(req *http.Request) error {
	resp, answer, err := c.conns.do(context.Background(), req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", req.Method, req.URL, err)
	}
	return postOutcome(req, resp, answer)
}

// postOutcome reads the Runtime API's answer to a post: 202, or a *StatusError.
func postOutcome(req *http.Request, resp *http.Response, answer []byte) error {
	if resp.StatusCode != http.StatusAccepted {
		if len(answer) > 4096 {
			answer = answer[:4096]
		}
		return &StatusError{Call: req.Method + " " + req.URL.String(), Status: resp.StatusCode, Body: string(answer)}
	}
	return nil
}
