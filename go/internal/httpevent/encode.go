package httpevent

import (
	"encoding/base64"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// v1Answer is API Gateway's proxy integration response (payload format 1.0).
type v1Answer struct {
	StatusCode        int                 `json:"statusCode"`
	Headers           map[string]string   `json:"headers"`
	MultiValueHeaders map[string][]string `json:"multiValueHeaders"`
	Body              string              `json:"body"`
	IsBase64Encoded   bool                `json:"isBase64Encoded"`
}

// v2Answer is the response of payload format 2.0, for HTTP APIs and Function URLs.
type v2Answer struct {
	StatusCode      int               `json:"statusCode"`
	Headers         map[string]string `json:"headers"`
	Cookies         []string          `json:"cookies,omitempty"`
	Body            string            `json:"body"`
	IsBase64Encoded bool              `json:"isBase64Encoded"`
}

// Encode is the answer Lambda returns to API Gateway or the Function URL for
// what the handler wrote to r.
func Encode(format Format, r *Recorder) ([]byte, error) {
	status, header, body := r.Answer()
	text, isBase64 := bodyText(header, body)
	if format == FormatV2 {
		headers, cookies := v2Headers(header)
		return json.Marshal(v2Answer{StatusCode: status, Headers: headers, Cookies: cookies, Body: text, IsBase64Encoded: isBase64})
	}
	headers, multiValueHeaders := v1Headers(header)
	return json.Marshal(v1Answer{StatusCode: status, Headers: headers, MultiValueHeaders: multiValueHeaders, Body: text, IsBase64Encoded: isBase64})
}

// v2Headers is the answer's header as payload format 2.0 carries it: the
// cookies apart, every other header's values joined.
func v2Headers(header http.Header) (headers map[string]string, cookies []string) {
	headers = map[string]string{}
	for name, values := range header {
		if name == "Set-Cookie" {
			cookies = append(cookies, values...)
			continue
		}
		headers[name] = strings.Join(values, ", ")
	}
	return headers, cookies
}

// v1Headers is the answer's header as payload format 1.0 carries it:
// headers keeps the last value of each (what API Gateway does with a
// repeated one); multiValueHeaders all of them, and wins where both have one.
func v1Headers(header http.Header) (headers map[string]string, multiValueHeaders map[string][]string) {
	headers, multiValueHeaders = map[string]string{}, map[string][]string{}
	for name, values := range header {
		if len(values) == 0 {
			continue
		}
		headers[name] = values[len(values)-1]
		multiValueHeaders[name] = values
	}
	return headers, multiValueHeaders
}

// bodyText is the body as the event's answer carries it: as it is when it
// is text, else in base64 (API Gateway and Function URLs decode it back).
func bodyText(header http.Header, body []byte) (string, bool) {
	if len(body) == 0 {
		return "", false
	}
	if isText(header) && utf8.Valid(body) {
		return string(body), false
	}
	return base64.StdEncoding.EncodeToString(body), true
}

// isText reports whether the answer's Content-Type is text, and it is not
// compressed.
func isText(header http.Header) bool {
	if encoding := header.Get("Content-Encoding"); encoding != "" && !strings.EqualFold(encoding, "identity") {
		return false
	}
	media, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		return false
	}
	switch {
	case strings.HasPrefix(media, "text/"),
		strings.HasSuffix(media, "+json"), strings.HasSuffix(media, "+xml"):
		return true
	}
	switch media {
	case "application/json", "application/javascript", "application/xml", "application/x-www-form-urlencoded", "application/graphql", "application/x-ndjson":
		return true
	}
	return false
}
