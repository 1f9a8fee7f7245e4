package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"
)

var at = time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)

func TestTextIsTheShimsStyle(t *testing.T) {
	var buf bytes.Buffer
	Text.encode(&buf, Entry{Time: at, Severity: Info, Message: "Hello, World!", ExecutionID: "12ad5f64-d111-11e6-b4b4-b757a100146b"}, "")
	if got, want := buf.String(), "2017-01-01T00:00:00.000Z 12ad5f64-d111-11e6-b4b4-b757a100146b Hello, World!\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	buf.Reset()
	Text.encode(&buf, Entry{Time: at, Severity: Warning, Message: "careful", Attrs: []slog.Attr{slog.Int("n", 3), slog.String("who", "a b")}}, "")
	if got, want := buf.String(), "2017-01-01T00:00:00.000Z WARNING careful n=3 who=\"a b\"\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestJSONIsCloudLoggingsStructuredEntry(t *testing.T) {
	var buf bytes.Buffer
	JSON.encode(&buf, Entry{
		Time: at, Severity: Error, Message: "it broke\n", ExecutionID: "exec-1", Trace: "abc",
		Attrs: []slog.Attr{slog.Any("err", errors.New("boom")), slog.Group("req", slog.String("path", "/x"), slog.Int("status", 500))},
	}, "my-project")
	if !strings.HasSuffix(buf.String(), "}\n") || strings.Count(buf.String(), "\n") != 1 {
		t.Fatalf("not one line: %q", buf.String())
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"severity": "ERROR", "message": "it broke", "time": "2017-01-01T00:00:00Z",
		"logging.googleapis.com/labels": map[string]any{"execution_id": "exec-1"},
		"logging.googleapis.com/trace":  "projects/my-project/traces/abc",
		"err":                           "boom",
		"req":                           map[string]any{"path": "/x", "status": float64(500)},
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got %s\nwant %s", gotJSON, wantJSON)
	}
}

// Lambda's JSON format, as the Node.js runtime writes console.log's lines.
func TestLambdaJSON(t *testing.T) {
	var buf bytes.Buffer
	at := time.Date(2017, 1, 1, 0, 0, 0, 123456789, time.UTC)
	LambdaJSON.encode(&buf, Entry{Time: at, Severity: Warning, Message: "careful\n", ExecutionID: "req-1", Attrs: []slog.Attr{slog.Int("n", 3)}}, "")
	LambdaJSON.encode(&buf, Entry{Time: at, Severity: Critical, Message: "no invocation"}, "")
	want := `{"timestamp":"2017-01-01T00:00:00.123Z","level":"WARN","requestId":"req-1","message":"careful","n":3}` + "\n" +
		`{"timestamp":"2017-01-01T00:00:00.123Z","level":"FATAL","message":"no invocation"}` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestSeverityOf(t *testing.T) {
	for level, want := range map[slog.Level]Severity{slog.LevelDebug: Debug, slog.LevelInfo: Info, slog.LevelWarn: Warning, slog.LevelError: Error, slog.LevelError + 4: Critical} {
		if got := SeverityOf(level); got != want {
			t.Errorf("SeverityOf(%v) = %s, want %s", level, got, want)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tests := []struct {
		vars    map[string]string
		format  Format
		level   slog.Level
		wantErr bool
	}{
		{map[string]string{}, Text, slog.LevelInfo, false},
		{map[string]string{"K_SERVICE": "fn"}, JSON, slog.LevelInfo, false},
		{map[string]string{"FUNCTION_TARGET": "Handle"}, JSON, slog.LevelInfo, false},
		{map[string]string{"K_SERVICE": "fn", "GO_HANDOFF_LOG_FORMAT": "text"}, Text, slog.LevelInfo, false},
		{map[string]string{"GO_HANDOFF_LOG_FORMAT": "JSON", "GO_HANDOFF_LOG_LEVEL": "debug"}, JSON, slog.LevelDebug, false},
		{map[string]string{"GO_HANDOFF_LOG_FORMAT": "xml"}, Text, 0, true},
		{map[string]string{"GO_HANDOFF_LOG_LEVEL": "loud"}, Text, 0, true},
		// Lambda with its JSON format, as Managed Instances always are.
		{map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "WARN"}, LambdaJSON, slog.LevelWarn, false},
		{map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "TRACE"}, LambdaJSON, slog.LevelDebug - 4, false},
		{map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "WARN", "GO_HANDOFF_LOG_LEVEL": "debug"}, LambdaJSON, slog.LevelDebug, false},
		{map[string]string{"AWS_LAMBDA_LOG_FORMAT": "JSON", "GO_HANDOFF_LOG_FORMAT": "text"}, Text, slog.LevelInfo, false},
		{map[string]string{"AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "WARN"}, Text, slog.LevelInfo, false},
		{map[string]string{"GO_HANDOFF_LOG_FORMAT": "lambda-json"}, LambdaJSON, slog.LevelInfo, false},
	}
	for _, tt := range tests {
		s, err := FromEnv(env(tt.vars))
		if (err != nil) != tt.wantErr {
			t.Errorf("%v: error %v", tt.vars, err)
			continue
		}
		if !tt.wantErr && (s.Format != tt.format || s.Level != tt.level) {
			t.Errorf("%v: got %+v", tt.vars, s)
		}
	}
}
