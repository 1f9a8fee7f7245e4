package httpevent

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// Trimmed from the events API Gateway and Function URLs send.
const (
	restEvent = `{
		"resource": "/{proxy+}", "path": "/hello/world", "httpMethod": "POST",
		"headers": {"Host": "abc.execute-api.eu-west-1.amazonaws.com", "Accept": "text/plain", "X-Forwarded-Proto": "https"},
		"multiValueHeaders": {"Host": ["abc.execute-api.eu-west-1.amazonaws.com"], "Accept": ["text/plain"], "X-Forwarded-Proto": ["https"], "X-Many": ["a", "b"]},
		"queryStringParameters": {"name": "me", "tag": "y"},
		"multiValueQueryStringParameters": {"name": ["me"], "tag": ["x", "y"]},
		"requestContext": {"stage": "prod", "requestId": "r-1", "protocol": "HTTP/1.1", "identity": {"sourceIp": "203.0.113.7"}, "domainName": "abc.execute-api.eu-west-1.amazonaws.com"},
		"body": "eyJvayI6dHJ1ZX0=", "isBase64Encoded": true}`
	httpAPIEvent = `{
		"version": "2.0", "routeKey": "$default", "rawPath": "/my%20path/x", "rawQueryString": "a=1&a=2&b=%20",
		"cookies": ["c1=v1", "c2=v2"],
		"headers": {"host": "api.example.com", "content-type": "application/json", "x-many": "a,b"},
		"requestContext": {"domainName": "api.example.com", "stage": "$default", "http": {"method": "PUT", "path": "/my path/x", "protocol": "HTTP/1.1", "sourceIp": "2001:db8::1"}},
		"body": "{\"ok\":true}", "isBase64Encoded": false}`
	functionURLEvent = `{
		"version": "2.0", "rawPath": "/", "rawQueryString": "",
		"headers": {"host": "xyz.lambda-url.us-east-1.on.aws"},
		"requestContext": {"domainName": "xyz.lambda-url.us-east-1.on.aws", "http": {"method": "GET", "path": "/", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.2"}},
		"isBase64Encoded": false}`
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name                      string
		event                     string
		format                    Format
		method, uri, host, remote string
		body                      string
		header, headerValue       string
		wantPath                  string
	}{
		{"REST API", restEvent, FormatV1, "POST", "/hello/world?name=me&tag=x&tag=y", "abc.execute-api.eu-west-1.amazonaws.com", "203.0.113.7:0", `{"ok":true}`, "X-Many", "a|b", "/hello/world"},
		{"HTTP API", httpAPIEvent, FormatV2, "PUT", "/my%20path/x?a=1&a=2&b=%20", "api.example.com", "[2001:db8::1]:0", `{"ok":true}`, "Cookie", "c1=v1; c2=v2", "/my path/x"},
		{"Function URL", functionURLEvent, FormatV2, "GET", "/", "xyz.lambda-url.us-east-1.on.aws", "198.51.100.2:0", "", "X-Many", "", "/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, format, err := Decode([]byte(tt.event))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			body, _ := io.ReadAll(req.Body)
			checks := []struct{ what, got, want string }{
				{"format", format.String(), tt.format.String()},
				{"method", req.Method, tt.method},
				{"request URI", req.RequestURI, tt.uri},
				{"path", req.URL.Path, tt.wantPath},
				{"host", req.Host, tt.host},
				{"remote address", req.RemoteAddr, tt.remote},
				{"body", string(body), tt.body},
				{tt.header, strings.Join(req.Header.Values(tt.header), "|"), tt.headerValue},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
				}
			}
			if _, ok := req.Header["Host"]; ok {
				t.Errorf("Host stayed in the header: a server moves it to req.Host")
			}
			if req.ContentLength != int64(len(tt.body)) {
				t.Errorf("ContentLength: got %d, want %d", req.ContentLength, len(tt.body))
			}
		})
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct{ name, event, want string }{
		{"not JSON", `not json`, "it is not a JSON object"},
		{"another event", `{"Records": [], "source": "aws.s3"}`, "this event has the fields Records, source"},
		{"empty object", `{}`, "has the fields {} (none)"},
		{"bad base64", `{"httpMethod": "GET", "path": "/", "body": "%%%", "isBase64Encoded": true}`, "isBase64Encoded is true but the body is not base64"},
		{"wrong types", `{"httpMethod": "GET", "headers": ["x"]}`, "the HTTP event (payload format 1.0) is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Decode([]byte(tt.event))
			var notHTTP *NotHTTPError
			if !errors.As(err, &notHTTP) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want a *NotHTTPError saying %q", err, tt.want)
			}
		})
	}
}
