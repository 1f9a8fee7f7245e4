package httpevent

import (
	"encoding/json"
	"net/http"
	"net/url"
)

// v1Event is the part of an API Gateway REST API proxy event (payload format
// 1.0) that makes the request.
type v1Event struct {
	HTTPMethod                      string              `json:"httpMethod"`
	Path                            string              `json:"path"`
	Headers                         map[string]string   `json:"headers"`
	MultiValueHeaders               map[string][]string `json:"multiValueHeaders"`
	QueryStringParameters           map[string]string   `json:"queryStringParameters"`
	MultiValueQueryStringParameters map[string][]string `json:"multiValueQueryStringParameters"`
	RequestContext                  struct {
		DomainName string `json:"domainName"`
		Protocol   string `json:"protocol"`
		Identity   struct {
			SourceIP string `json:"sourceIp"`
		} `json:"identity"`
	} `json:"requestContext"`
	Body            string `json:"body"`
	IsBase64Encoded bool   `json:"isBase64Encoded"`
}

func decodeV1(payload []byte) (*http.Request, error) {
	var e v1Event
	if err := json.Unmarshal(payload, &e); err != nil {
		return nil, malformed(FormatV1, err)
	}
	// multiValueHeaders holds every value; headers only the last of each.
	// API Gateway sends both; test events often only headers.
	header := http.Header{}
	for name, values := range e.MultiValueHeaders {
		for _, v := range values {
			header.Add(name, v)
		}
	}
	for name, value := range e.Headers {
		if _, ok := header[http.CanonicalHeaderKey(name)]; !ok {
			header.Set(name, value)
		}
	}
	query := url.Values{}
	for name, values := range e.MultiValueQueryStringParameters {
		query[name] = append(query[name], values...)
	}
	for name, value := range e.QueryStringParameters {
		if _, ok := query[name]; !ok {
			query.Set(name, value)
		}
	}
	return request{
		method:   e.HTTPMethod,
		path:     e.Path,
		rawQuery: query.Encode(), // sorted by name: the 1.0 format has lost the order anyway
		proto:    e.RequestContext.Protocol,
		header:   header,
		host:     e.RequestContext.DomainName,
		remoteIP: e.RequestContext.Identity.SourceIP,
		body:     e.Body,
		base64:   e.IsBase64Encoded,
	}.build(FormatV1)
}
