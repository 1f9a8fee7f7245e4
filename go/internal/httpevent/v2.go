package httpevent

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

// v2Event is the part of an API Gateway HTTP API or Function URL event
// (payload format 2.0) that makes the request.
type v2Event struct {
	RawPath        string            `json:"rawPath"`
	RawQueryString string            `json:"rawQueryString"`
	Cookies        []string          `json:"cookies"`
	Headers        map[string]string `json:"headers"`
	RequestContext struct {
		DomainName string `json:"domainName"`
		HTTP       struct {
			Method   string `json:"method"`
			Path     string `json:"path"`
			Protocol string `json:"protocol"`
			SourceIP string `json:"sourceIp"`
		} `json:"http"`
	} `json:"requestContext"`
	Body            string `json:"body"`
	IsBase64Encoded bool   `json:"isBase64Encoded"`
}

func decodeV2(payload []byte) (*http.Request, error) {
	var e v2Event
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, malformed(FormatV2, err)
	}
	// Repeated headers come joined with commas, as one value; cookies come
	// apart from the headers, in their own list.
	header := http.Header{}
	for name, value := range e.Headers {
		header.Set(name, value)
	}
	if len(e.Cookies) > 0 {
		header.Set("Cookie", strings.Join(e.Cookies, "; "))
	}
	raw := e.RawPath
	if raw == "" {
		raw = e.RequestContext.HTTP.Path
	}
	path, err := url.PathUnescape(raw)
	if err != nil {
		path, raw = raw, "" // not valid escaping: take it as it is
	}
	return request{
		method:   e.RequestContext.HTTP.Method,
		path:     path,
		rawPath:  raw,
		rawQuery: e.RawQueryString,
		proto:    e.RequestContext.HTTP.Protocol,
		header:   header,
		host:     e.RequestContext.DomainName,
		remoteIP: e.RequestContext.HTTP.SourceIP,
		body:     e.Body,
		base64:   e.IsBase64Encoded,
	}.build(FormatV2)
}
