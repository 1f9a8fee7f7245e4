package httpevent

import (
	"encoding/json"
	"net/http"
	"testing"
)

func record(write func(w http.ResponseWriter)) *Recorder {
	r := NewRecorder()
	write(r)
	return r
}

func TestEncode(t *testing.T) {
	cookies := func(w http.ResponseWriter) {
		w.Header().Add("Set-Cookie", "a=1")
		w.Header().Add("Set-Cookie", "b=2")
		w.Header().Add("X-Many", "x")
		w.Header().Add("X-Many", "y")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusCreated)
		w.Write([]byte("made"))
		w.Header().Set("X-Too-Late", "ignored")
	}
	binary := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte{0x89, 'P', 'N', 'G'})
	}
	sniffed := func(w http.ResponseWriter) { w.Write([]byte("<html><body>hi</body></html>")) }
	gzipped := func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("{}"))
	}
	nothing := func(w http.ResponseWriter) { w.Header().Set("X-Only", "header") }
	tests := []struct {
		name   string
		format Format
		write  func(http.ResponseWriter)
		want   string
	}{
		{"1.0: status, every header value, text body", FormatV1, cookies,
			`{"statusCode":201,"headers":{"Content-Type":"text/plain; charset=utf-8","Set-Cookie":"b=2","X-Many":"y"},"multiValueHeaders":{"Content-Type":["text/plain; charset=utf-8"],"Set-Cookie":["a=1","b=2"],"X-Many":["x","y"]},"body":"made","isBase64Encoded":false}`},
		{"2.0: cookies apart, headers joined", FormatV2, cookies,
			`{"statusCode":201,"headers":{"Content-Type":"text/plain; charset=utf-8","X-Many":"x, y"},"cookies":["a=1","b=2"],"body":"made","isBase64Encoded":false}`},
		{"binary body in base64", FormatV2, binary,
			`{"statusCode":200,"headers":{"Content-Type":"image/png"},"body":"iVBORw==","isBase64Encoded":true}`},
		{"content type sniffed as net/http does", FormatV2, sniffed,
			`{"statusCode":200,"headers":{"Content-Type":"text/html; charset=utf-8"},"body":"\u003chtml\u003e\u003cbody\u003ehi\u003c/body\u003e\u003c/html\u003e","isBase64Encoded":false}`},
		{"compressed text in base64", FormatV1, gzipped,
			`{"statusCode":200,"headers":{"Content-Encoding":"gzip","Content-Type":"application/json"},"multiValueHeaders":{"Content-Encoding":["gzip"],"Content-Type":["application/json"]},"body":"e30=","isBase64Encoded":true}`},
		{"nothing written: 200, empty body", FormatV2, nothing,
			`{"statusCode":200,"headers":{"X-Only":"header"},"body":"","isBase64Encoded":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Encode(tt.format, record(tt.write))
			if err != nil {
				t.Fatal(err)
			}
			if !json.Valid(got) || string(got) != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}
