package httpevent

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
)

// request is what both formats say about a request, in one shape.
type request struct {
	method   string
	path     string // decoded
	rawPath  string // as sent, when the format gives it ("" otherwise)
	rawQuery string
	proto    string
	header   http.Header
	host     string
	remoteIP string
	body     string
	base64   bool
}

// build makes the request a server would have read from the connection.
func (r request) build(format Format) (*http.Request, error) {
	body := []byte(r.body)
	if r.base64 {
		decoded, err := base64.StdEncoding.DecodeString(r.body)
		if err != nil {
			return nil, malformed(format, fmt.Errorf("isBase64Encoded is true but the body is not base64: %v", err))
		}
		body = decoded
	}
	u := &url.URL{Path: r.path, RawPath: r.rawPath, RawQuery: r.rawQuery}
	if u.Path == "" {
		u.Path = "/"
	}
	proto := r.proto
	major, minor, ok := http.ParseHTTPVersion(proto)
	if !ok {
		proto, major, minor = "HTTP/1.1", 1, 1
	}
	// As net/http's server does, Host moves from the header to req.Host.
	host := r.header.Get("Host")
	r.header.Del("Host")
	if host == "" {
		host = r.host
	}
	req := &http.Request{
		Method:        r.method,
		URL:           u,
		Proto:         proto,
		ProtoMajor:    major,
		ProtoMinor:    minor,
		Header:        r.header,
		Body:          http.NoBody,
		ContentLength: int64(len(body)),
		Host:          host,
		RequestURI:    u.RequestURI(),
	}
	if len(body) > 0 {
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	if r.remoteIP != "" {
		// The port is not in the event; 0 keeps RemoteAddr parseable.
		req.RemoteAddr = net.JoinHostPort(r.remoteIP, "0")
	}
	return req, nil
}
