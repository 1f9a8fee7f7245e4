package funcframework

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/GoogleCloudPlatform/functions-framework-go/functions"
	"github.com/GoogleCloudPlatform/functions-framework-go/internal/registry"
)

func answering(text string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, text) }
}

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
	return w.Code, w.Body.String()
}

func TestServeMux(t *testing.T) {
	registry.Reset()
	t.Cleanup(registry.Reset)
	ctx := context.Background()
	if err := RegisterHTTPFunctionContext(ctx, "/first", answering("first")); err != nil {
		t.Fatal(err)
	}
	if err := RegisterHTTPFunctionContext(ctx, "/second", answering("second")); err != nil {
		t.Fatal(err)
	}
	functions.HTTP("Named", answering("named"))

	tests := []struct {
		name, target, path, want string
		status                   int
	}{
		{"no target: every function at its path", "", "/first", "first", 200},
		{"no target: a named function at /name", "", "/Named", "named", 200},
		{"no target: nothing at other paths", "", "/third", "404 page not found\n", 404},
		{"a target naming a function serves it on every path", "Named", "/any/path", "named", 200},
		{"a target naming nothing: the last function registered by path", "other", "/", "second", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := get(t, serveMux(tt.target), tt.path)
			if status != tt.status || body != tt.want {
				t.Errorf("got %d %q, want %d %q", status, body, tt.status, tt.want)
			}
		})
	}
}

func TestServeMuxWithATargetNamingNothing(t *testing.T) {
	registry.Reset()
	t.Cleanup(registry.Reset)
	functions.HTTP("HelloWorld", answering("hello"))
	functions.HTTP("Goodbye", answering("bye"))
	status, body := get(t, serveMux("helloworld"), "/")
	want := `go-handoff: the target "helloworld" names no function of this package; its functions are: Goodbye, HelloWorld`
	if status != 500 || !strings.Contains(body, want) {
		t.Errorf("got %d %q, want 500 with %q", status, body, want)
	}
}

func TestRegisterEventFunctionContextChecksTheRules(t *testing.T) {
	registry.Reset()
	t.Cleanup(registry.Reset)
	err := RegisterEventFunctionContext(context.Background(), "/", func(s string) error { return nil })
	// The build's rules and words (handoffimpl.CheckEvent).
	if err == nil || !strings.Contains(err.Error(), "event functions are func(ctx context.Context, data T) error") || !strings.Contains(err.Error(), "this one takes 1 argument") {
		t.Errorf("got %v", err)
	}
}

func TestSpanIDFromContextOutsideAnInvocation(t *testing.T) {
	ctx := context.Background()
	if ExecutionIDFromContext(ctx) != "" || TraceIDFromContext(ctx) != "" || SpanIDFromContext(ctx) != "" {
		t.Error("ids outside an invocation")
	}
	if LogWriter(ctx) == nil {
		t.Error("no log writer outside an invocation")
	}
}
