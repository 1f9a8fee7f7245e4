package httpevent

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// sinkRecord is a Sink that notes what reached it, with "|" where it was
// flushed.
type sinkRecord struct {
	contentType string
	out         bytes.Buffer
	err         error
}

func (s *sinkRecord) SetContentType(contentType string) {
	if s.out.Len() == 0 {
		s.contentType = contentType
	}
}

func (s *sinkRecord) Write(b []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	return s.out.Write(b)
}

func (s *sinkRecord) Flush() error {
	s.out.WriteString("|")
	return s.err
}

// prelude is the head as it leaves: JSON, then eight NUL bytes.
func prelude(head string) string { return head + strings.Repeat("\x00", 8) }

func TestStreamWriter(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		serve  func(w http.ResponseWriter)
		want   string
	}{
		{"2.0: status, joined headers, cookies apart; the body as flushed", FormatV2, func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "text/event-stream")
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("X-Many", "x")
			w.Header().Add("X-Many", "y")
			w.WriteHeader(http.StatusAccepted)
			w.Header().Set("X-Too-Late", "ignored")
			w.Write([]byte("data: 1\n\n"))
			w.(http.Flusher).Flush()
			w.Write([]byte("data: 2\n\n"))
		}, prelude(`{"statusCode":202,"headers":{"Content-Type":"text/event-stream","X-Many":"x, y"},"cookies":["a=1"]}`) + "data: 1\n\n|data: 2\n\n"},
		{"1.0: headers and multiValueHeaders, as API Gateway's streaming integration reads them", FormatV1, func(w http.ResponseWriter) {
			w.Header().Add("Set-Cookie", "a=1")
			w.Header().Add("Set-Cookie", "b=2")
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Write([]byte{0, 1, 2})
		}, prelude(`{"statusCode":200,"headers":{"Content-Type":"application/octet-stream","Set-Cookie":"b=2"},"multiValueHeaders":{"Content-Type":["application/octet-stream"],"Set-Cookie":["a=1","b=2"]}}`) + "\x00\x01\x02"},
		{"content type sniffed from the first write, as net/http does", FormatV2, func(w http.ResponseWriter) {
			w.Write([]byte("<html>"))
		}, prelude(`{"statusCode":200,"headers":{"Content-Type":"text/html; charset=utf-8"}}`) + "<html>"},
		{"a flush before any write sends the head alone", FormatV2, func(w http.ResponseWriter) {
			w.Header().Set("Cache-Control", "no-cache")
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Errorf("ResponseController.Flush: %v", err)
			}
		}, prelude(`{"statusCode":200,"headers":{"Cache-Control":"no-cache"}}`) + "|"},
		{"nothing written: 200 with no body", FormatV2, func(w http.ResponseWriter) {
			w.Header().Set("X-Only", "header")
		}, prelude(`{"statusCode":200,"headers":{"X-Only":"header"}}`)},
		{"an informational status is not the answer's", FormatV2, func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(http.StatusNotFound)
			w.WriteHeader(http.StatusOK)
		}, prelude(`{"statusCode":404,"headers":{}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := &sinkRecord{contentType: "application/json"}
			w := NewStreamWriter(tt.format, sink)
			tt.serve(w)
			if err := w.Finish(); err != nil {
				t.Fatal(err)
			}
			if got := sink.out.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if sink.contentType != StreamContentType {
				t.Errorf("content type %q, want %q", sink.contentType, StreamContentType)
			}
		})
	}
}

func TestStreamWriterReportsTheSinksErrors(t *testing.T) {
	broken := errors.New("the stream was cut")
	sink := &sinkRecord{err: broken}
	w := NewStreamWriter(FormatV2, sink)
	if _, err := w.Write([]byte("x")); !errors.Is(err, broken) {
		t.Errorf("Write: got %v, want %v", err, broken)
	}
	if err := http.NewResponseController(w).Flush(); !errors.Is(err, broken) {
		t.Errorf("ResponseController.Flush: got %v, want %v", err, broken)
	}
	if err := http.NewResponseController(w).SetWriteDeadline(time.Time{}); !errors.Is(err, http.ErrNotSupported) {
		t.Errorf("SetWriteDeadline: got %v, want http.ErrNotSupported", err)
	}
}
