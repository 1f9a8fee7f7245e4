package start

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// Handler serves as Serve does, under the settings of the environment.
func TestHandlerTakesTheSettings(t *testing.T) {
	defer contract.MaxBodyBytes.Store(contract.MaxBodyBytes.Load())
	echo := func(ctx context.Context, in json.RawMessage) (json.RawMessage, error) {
		if _, has := ctx.Deadline(); !has {
			return json.RawMessage(`"no deadline"`), nil
		}
		return in, nil
	}
	t.Setenv("GO_HANDOFF_MAX_BODY_BYTES", "16")
	handler, err := Handler(echo)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		body   string
		status int
		answer string // a part of it
	}{
		{`[1,2]`, 200, `[1,2]`},
		{`["more than sixteen bytes"]`, 413, "larger than the limit of 16 bytes"},
	} {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(tt.body)))
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.answer) {
			t.Errorf("%s: got %d %q, want %d with %q", tt.body, w.Code, w.Body.String(), tt.status, tt.answer)
		}
	}

	t.Setenv("GO_HANDOFF_TIMEOUT", "soon")
	if _, err := Handler(echo); err == nil || !strings.Contains(err.Error(), `GO_HANDOFF_TIMEOUT="soon" is not a duration`) {
		t.Errorf("a malformed setting: got %v", err)
	}
	t.Setenv("GO_HANDOFF_TIMEOUT", "")
	if _, err := Handler(func(w http.ResponseWriter) {}); err == nil || !strings.Contains(err.Error(), "a net/http handler takes exactly (http.ResponseWriter, *http.Request)") {
		t.Errorf("a function it cannot serve: got %v", err)
	}
}
