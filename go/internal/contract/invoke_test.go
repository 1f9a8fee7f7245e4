package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

func invoke(t *testing.T, fn any, payload string) (string, error) {
	t.Helper()
	adapted, err := Adapt(fn)
	if err != nil {
		t.Fatalf("Adapt: %v", err)
	}
	answer, err := adapted.Invoke(context.Background(), &invocation.Info{ExecutionID: "req-1"}, []byte(payload))
	return string(answer), err
}

func TestInvokeAnswers(t *testing.T) {
	hello := func(ctx context.Context, in greeting) (map[string]string, error) {
		return map[string]string{"greeting": "Hello, " + in.Name}, nil
	}
	var seen testEvent
	onEvent := func(_ context.Context, e testEvent) error { seen = e; return nil }
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		call, _ := invocation.From(r.Context())
		fmt.Fprintf(w, "%s %s %s %s", r.Method, r.URL.Path, body, call.ExecutionID)
	})
	tests := []struct {
		name, payload, want string
		fn                  any
	}{
		{"typed", `{"name":"Ada"}`, `{"greeting":"Hello, Ada"}`, hello},
		{"typed, raw JSON as it is", `[1, 2]`, `[1, 2]`, func(in json.RawMessage) (json.RawMessage, error) { return in, nil }},
		{"typed, no result", `{}`, `null`, func(context.Context) error { return nil }},
		{"typed, Context filled", `{}`, `"req-1"`, func(_ json.RawMessage, c *testContext) (string, error) { return c.ExecutionID, nil }},
		{"bytes, verbatim", "\x00raw\xff", "\xffwar\x00", func(p []byte) ([]byte, error) {
			out := make([]byte, len(p))
			for i := range p {
				out[len(p)-1-i] = p[i]
			}
			return out, nil
		}},
		{"bytes, nil", "x", "", func(p []byte) ([]byte, error) { return nil, nil }},
		{"event, structured CloudEvent", `{"specversion":"1.0","id":"e-1","source":"//s","type":"t.one","data":{}}`, `null`, onEvent},
		{"http, payload format 2.0", `{"version":"2.0","rawPath":"/p","requestContext":{"http":{"method":"POST"}},"body":"hi"}`,
			`{"statusCode":200,"headers":{"Content-Type":"text/plain; charset=utf-8"},"body":"POST /p hi req-1","isBase64Encoded":false}`, handler},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := invoke(t, tt.fn, tt.payload)
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if seen.ID != "e-1" || seen.Type != "t.one" {
		t.Errorf("event: got %+v", seen)
	}
}

func TestInvokeFailures(t *testing.T) {
	var input *InputError
	var panicked *Panic
	var custom *customError
	var aborted AbortError
	tests := []struct {
		name, payload string
		fn            any
		as            any // a pointer to the error type wanted
		want          string
	}{
		{"typed error as returned", `{}`, func() error { return &customError{} }, &custom, "custom failure"},
		{"typed, malformed JSON", `{"name":`, func(in greeting) error { return nil }, &input, "not valid JSON for contract.greeting"},
		{"typed panic", `{}`, func() error { panic("Oh, Snap!") }, &panicked, "the function panicked: Oh, Snap!"},
		{"event, not an event", `{"hello":"world"}`, func(context.Context, testEvent) error { return nil }, &input, "the request is not an event"},
		{"http, not an HTTP event", `{"Records":[]}`, http.NotFoundHandler(), &input, "the event is not an HTTP request from API Gateway or a Function URL"},
		{"http panic", `{"httpMethod":"GET","path":"/"}`, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }), &panicked, "the function panicked: boom"},
		{"http abort", `{"httpMethod":"GET","path":"/"}`, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }), &aborted, "aborted its answer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			answer, err := invoke(t, tt.fn, tt.payload)
			if err == nil || !errors.As(err, tt.as) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, %v (%T); want a %T saying %q", answer, err, err, tt.as, tt.want)
			}
		})
	}
	var encoding *ResultEncodingError
	if _, err := invoke(t, func() (any, error) { return func() {}, nil }, `{}`); !errors.As(err, &encoding) {
		t.Errorf("unencodable result: got %v, want a *ResultEncodingError", err)
	}
}

func TestInvokeGivesTheContextItsDeadline(t *testing.T) {
	deadline := time.Now().Add(time.Minute).Truncate(time.Millisecond)
	adapted, _ := Adapt(func(ctx context.Context) (string, error) {
		d, _ := ctx.Deadline()
		call, _ := invocation.From(ctx)
		return d.Format(time.RFC3339Nano) + " " + call.ExecutionID, nil
	})
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	got, err := adapted.Invoke(ctx, &invocation.Info{ExecutionID: "req-2", Deadline: deadline}, nil)
	if want := `"` + deadline.Format(time.RFC3339Nano) + ` req-2"`; err != nil || string(got) != want {
		t.Errorf("got %s, %v; want %s", got, err, want)
	}
}
