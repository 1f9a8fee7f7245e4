package httpevent

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Format is the payload format of an HTTP event, which its answer must follow.
type Format int

const (
	// FormatV1 is API Gateway's REST API proxy integration (payload format 1.0).
	FormatV1 Format = 1
	// FormatV2 is API Gateway's HTTP API and Lambda Function URLs (payload format 2.0).
	FormatV2 Format = 2
)

func (f Format) String() string {
	if f == FormatV2 {
		return "payload format 2.0"
	}
	return "payload format 1.0"
}

// NotHTTPError is an event that is not an HTTP request of either format.
type NotHTTPError struct{ Reason string }

func (e *NotHTTPError) Error() string { return e.Reason }

// Decode reads an HTTP event into the request a net/http handler serves,
// and tells which format the answer must be in.
func Decode(payload []byte) (*http.Request, Format, error) {
	var probe struct {
		Version        string `json:"version"`
		HTTPMethod     string `json:"httpMethod"`
		RequestContext struct {
			HTTP struct {
				Method string `json:"method"`
			} `json:"http"`
		} `json:"requestContext"`
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(payload, &fields); err != nil {
		return nil, 0, &NotHTTPError{Reason: fmt.Sprintf("the event is not an HTTP request from API Gateway or a Function URL: it is not a JSON object (%v)", err)}
	}
	_ = json.Unmarshal(payload, &probe) // fields of unexpected types just leave probe empty
	switch {
	case probe.Version == "2.0" && probe.RequestContext.HTTP.Method != "":
		req, err := decodeV2(payload)
		return req, FormatV2, err
	case probe.HTTPMethod != "":
		req, err := decodeV1(payload)
		return req, FormatV1, err
	}
	return nil, 0, &NotHTTPError{Reason: fmt.Sprintf(
		"the event is not an HTTP request from API Gateway or a Function URL: an http.Handler function on Lambda serves REST API events (with httpMethod) "+
			"and HTTP API or Function URL events (version 2.0, with requestContext.http.method); this event has the fields %s. "+
			"To take other events, write a typed function: func(ctx context.Context, event YourEvent) (YourAnswer, error)", fieldNames(fields))}
}

func fieldNames(fields map[string]json.RawMessage) string {
	if len(fields) == 0 {
		return "{} (none)"
	}
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func malformed(format Format, err error) error {
	return &NotHTTPError{Reason: fmt.Sprintf("the HTTP event (%s) is malformed: %v", format, err)}
}
