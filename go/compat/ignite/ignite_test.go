package ignite

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/internal/contract"
)

func TestHandlerGetsItsContext(t *testing.T) {
	t.Setenv("FUNCTION_ID", "fn-1")
	var handler Handler = func(payload []byte, ctx *Context) ([]byte, error) {
		return []byte(ctx.ExecutionID + " " + ctx.Headers.Get("X-Test") + " " + string(payload)), nil
	}
	adapted, err := contract.Adapt(handler)
	if err != nil {
		t.Fatal(err)
	}
	if adapted.Contract != contract.Bytes {
		t.Errorf("contract %s, want bytes", adapted.Contract)
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader("body"))
	r.Header.Set("Function-Execution-Id", "e-1")
	r.Header.Set("X-Test", "yes")
	rec := httptest.NewRecorder()
	contract.WithInvocation(adapted.Handler, 0).ServeHTTP(rec, r)
	if rec.Body.String() != "e-1 yes body" || rec.Header().Get("Content-Type") != "application/octet-stream" {
		t.Errorf("got %q %q", rec.Body.String(), rec.Header().Get("Content-Type"))
	}
}
