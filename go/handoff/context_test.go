package handoff

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
)

func TestContextFromAnInvocation(t *testing.T) {
	var got *Context
	var fromCtx *Context
	adapted, err := contract.Adapt(func(ctx context.Context, c *Context) error {
		got = c
		fromCtx, _ = FromContext(ctx)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := httptest.NewRequest("POST", "/execute", nil)
	r.Header.Set("Function-Execution-Id", "exec-7")
	r.Header.Set("X-Cloud-Trace-Context", "trace-1/span;o=1")
	contract.WithInvocation(adapted.Handler, time.Minute).ServeHTTP(httptest.NewRecorder(), r)
	if got == nil || got.ExecutionID != "exec-7" || got.AWSRequestID != "exec-7" || got.Trace != "trace-1" || got.Headers.Get("Function-Execution-Id") != "exec-7" {
		t.Fatalf("got %+v", got)
	}
	if left := got.RemainingTimeInMillis(); left <= 0 || left > 60_000 {
		t.Errorf("RemainingTimeInMillis = %d, want within the minute", left)
	}
	if fromCtx == nil || fromCtx.ExecutionID != "exec-7" {
		t.Errorf("FromContext gave %+v", fromCtx)
	}
}

func TestRemainingTime(t *testing.T) {
	if got := (&Context{}).RemainingTimeInMillis(); got != -1 {
		t.Errorf("no deadline: %d, want -1", got)
	}
	if got := (&Context{Deadline: time.Now().Add(-time.Second)}).RemainingTimeInMillis(); got != 0 {
		t.Errorf("past the deadline: %d, want 0", got)
	}
	if _, ok := FromContext(context.Background()); ok {
		t.Errorf("FromContext found an invocation in a bare context")
	}
}
