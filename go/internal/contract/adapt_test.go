package contract

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Test stand-ins for the public package's registered types.
type testContext struct{ ExecutionID string }
type testEvent struct{ ID, Type string }

func init() {
	RegisterContext(func(_ context.Context, info *invocation.Info) *testContext {
		return &testContext{ExecutionID: info.ExecutionID}
	})
	RegisterEvent(func(ev *events.Event) testEvent { return testEvent{ID: ev.ID, Type: ev.Type} })
}

type greeting struct {
	Name string `json:"name"`
}

type customError struct{ code int }

func (e *customError) Error() string { return "custom failure" }

func serve(t *testing.T, fn any, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	adapted, err := Adapt(fn)
	if err != nil {
		t.Fatalf("Adapt: %v", err)
	}
	rec := httptest.NewRecorder()
	WithInvocation(adapted.Handler, 0).ServeHTTP(rec, req)
	return rec
}

func post(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/execute", strings.NewReader(body))
	r.Header.Set("Function-Execution-Id", "exec-1")
	return r
}

func TestTyped(t *testing.T) {
	hello := func(ctx context.Context, in greeting) (map[string]string, error) {
		return map[string]string{"greeting": "Hello, " + in.Name}, nil
	}
	tests := []struct {
		name       string
		fn         any
		body       string
		wantStatus int
		wantBody   string
		wantHeader string
	}{
		{"struct in, map out", hello, `{"name":"Ada"}`, 200, `{"greeting":"Hello, Ada"}`, ""},
		{"pointer input", func(in *greeting) (*greeting, error) { return in, nil }, `{"name":"Bo"}`, 200, `{"name":"Bo"}`, ""},
		{"raw JSON input", func(in json.RawMessage) (json.RawMessage, error) { return in, nil }, `[1,2]`, 200, `[1,2]`, ""},
		{"string result", func(json.RawMessage, *testContext) (interface{}, error) { return "Hello, World!", nil }, `{}`, 200, `"Hello, World!"`, ""},
		{"no result", func(context.Context) error { return nil }, ``, 200, `null`, ""},
		{"empty body is null", func(in *greeting) (bool, error) { return in == nil, nil }, ``, 200, `true`, ""},
		{"context filled", func(_ json.RawMessage, c *testContext) (string, error) { return c.ExecutionID, nil }, `{}`, 200, `"exec-1"`, ""},
		{"error", func(json.RawMessage) (interface{}, error) { return nil, errors.New("Oh, Snap!") }, `{}`, 500, `{"errorMessage":"Oh, Snap!","errorType":"errorString"}`, "error"},
		{"error type named", func() error { return &customError{} }, ``, 500, `{"errorMessage":"custom failure","errorType":"customError"}`, "error"},
		{"malformed JSON", hello, `{"name":`, 400, `{"errorMessage":"the request body is not valid JSON for contract.greeting: unexpected end of JSON input","errorType":"Bad Request"}`, ""},
		{"panic", func(json.RawMessage) (interface{}, error) { panic("Oh, Snap!") }, `{}`, 500, `{"errorMessage":"RequestId: exec-1 Error: the function panicked; its stack trace is in the logs","errorType":"Panic"}`, "crash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(t, tt.fn, post(tt.body))
			if rec.Code != tt.wantStatus || strings.TrimSpace(rec.Body.String()) != tt.wantBody {
				t.Errorf("got %d %q, want %d %q", rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if got := rec.Header().Get("X-Google-Status"); got != tt.wantHeader {
				t.Errorf("X-Google-Status: got %q, want %q", got, tt.wantHeader)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type: got %q, want application/json", ct)
			}
		})
	}
}

func TestBytes(t *testing.T) {
	echo := func(payload []byte, c *testContext) ([]byte, error) {
		if string(payload) == "fail" {
			return nil, errors.New("no good")
		}
		return append([]byte(c.ExecutionID+":"), payload...), nil
	}
	rec := serve(t, echo, post("\x00raw\xff"))
	if rec.Code != 200 || rec.Body.String() != "exec-1:\x00raw\xff" || rec.Header().Get("Content-Type") != "application/octet-stream" {
		t.Errorf("got %d %q %q", rec.Code, rec.Body.String(), rec.Header().Get("Content-Type"))
	}
	rec = serve(t, echo, post("fail"))
	if rec.Code != 500 || strings.TrimSpace(rec.Body.String()) != `{"error":"no good"}` {
		t.Errorf("error: got %d %q", rec.Code, rec.Body.String())
	}
}

func TestBodyLimit(t *testing.T) {
	defer MaxBodyBytes.Store(MaxBodyBytes.Load())
	MaxBodyBytes.Store(8)
	rec := serve(t, func(p []byte) ([]byte, error) { return p, nil }, post("123456789"))
	if rec.Code != http.StatusRequestEntityTooLarge || !strings.Contains(rec.Body.String(), "larger than the limit of 8 bytes") {
		t.Errorf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestEvent(t *testing.T) {
	var got testEvent
	fn := func(ctx context.Context, e testEvent) error {
		got = e
		if e.Type == "fail" {
			return errors.New("could not handle it")
		}
		return nil
	}
	r := post(`{"hello":"data"}`)
	r.Header.Set("Ce-Id", "1")
	r.Header.Set("Ce-Source", "//test")
	r.Header.Set("Ce-Specversion", "1.0")
	r.Header.Set("Ce-Type", "com.example.thing")
	if rec := serve(t, fn, r); rec.Code != 200 || got != (testEvent{ID: "1", Type: "com.example.thing"}) {
		t.Errorf("got %d, event %+v", rec.Code, got)
	}
	failing := post(`{"specversion":"1.0","id":"2","type":"fail","source":"//test","data":{}}`)
	failing.Header.Set("Content-Type", "application/cloudevents+json")
	rec := serve(t, fn, failing)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), "could not handle it") || rec.Header().Get("X-Google-Status") != "error" {
		t.Errorf("failing event: got %d %q", rec.Code, rec.Body.String())
	}
	rec = serve(t, fn, post(`{"not":"an event"}`))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "the request is not an event") {
		t.Errorf("not an event: got %d %q", rec.Code, rec.Body.String())
	}
	// A legacy event of a type the mapping does not know has no CloudEvent
	// form: 400, as functions-framework-go answers it.
	rec = serve(t, fn, post(`{"context":{"eventId":"3","eventType":"com.example.unknown","timestamp":"2024-01-01T00:00:00Z","resource":"r"},"data":{}}`))
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), `type "com.example.unknown" has no CloudEvent type`) {
		t.Errorf("unknown legacy type: got %d %q", rec.Code, rec.Body.String())
	}
}

func TestHTTP(t *testing.T) {
	ok := func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "served "+r.URL.Path) }
	if rec := serve(t, ok, post("")); rec.Body.String() != "served /execute" {
		t.Errorf("got %q", rec.Body.String())
	}
	if rec := serve(t, http.NotFoundHandler(), post("")); rec.Code != 404 {
		t.Errorf("http.Handler: got %d", rec.Code)
	}
	crash := func(w http.ResponseWriter, r *http.Request) { panic("boom") }
	rec := serve(t, crash, post(""))
	if rec.Code != 500 || rec.Header().Get("X-Google-Status") != "crash" || !strings.Contains(rec.Body.String(), "RequestId: exec-1") {
		t.Errorf("panic: got %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
	// A named func type that is not http.HandlerFunc.
	type myHandler func(http.ResponseWriter, *http.Request)
	if rec := serve(t, myHandler(ok), post("")); rec.Body.String() != "served /execute" {
		t.Errorf("named func type: got %q", rec.Body.String())
	}
}

func TestAdaptRefuses(t *testing.T) {
	tests := []struct {
		fn   any
		want string
	}{
		{nil, "handoff.Start was given nil"},
		{42, "handoff.Start was given a int, which is neither a function nor an http.Handler"},
		{(func(http.ResponseWriter, *http.Request))(nil), "handoff.Start was given a nil func(http.ResponseWriter, *http.Request)"},
		{func(a, b, c int) {}, "cannot serve a func(int, int, int): it takes 3 arguments"},
		{func(in chan int) {}, "cannot serve a func(chan int): its input type chan int cannot be decoded from JSON"},
		{func(c testContext) {}, "it takes contract.testContext by value; take a pointer, *contract.testContext"},
		{func(r http.Request) {}, "takes http.Request by value"},
		{func(in io.Reader) {}, "its input type io.Reader cannot be decoded from JSON"},
	}
	for _, tt := range tests {
		_, err := Adapt(tt.fn)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Adapt(%T) = %v, want %q", tt.fn, err, tt.want)
		}
	}
}

// tooSlowBody fails as the server's bounded body does once the client has
// kept it waiting too long.
type tooSlowBody struct{}

func (tooSlowBody) Read([]byte) (int, error) { return 0, tooSlowError{} }
func (tooSlowBody) Close() error             { return nil }

type tooSlowError struct{}

func (tooSlowError) Error() string { return "the request body came too slowly" }
func (tooSlowError) Unwrap() error { return os.ErrDeadlineExceeded }

func TestABodyTooSlowIsAnswered408(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		want string
	}{
		{"typed", func(in greeting) error { return nil }, `{"errorMessage":"the request body came too slowly","errorType":"Request Timeout"}`},
		{"bytes", func(payload []byte, ctx *testContext) ([]byte, error) { return payload, nil }, `{"error":"the request body came too slowly"}`},
		{"event", func(ctx context.Context, ev testEvent) error { return nil }, "the request body came too slowly\n"},
	}
	for _, tt := range tests {
		req := post("")
		req.Body = tooSlowBody{}
		rec := serve(t, tt.fn, req)
		if rec.Code != http.StatusRequestTimeout || rec.Body.String() != tt.want {
			t.Errorf("%s: got %d %q, want 408 %q", tt.name, rec.Code, rec.Body.String(), tt.want)
		}
	}
}
