package handoff

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/api/eawsy"
	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
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

// What a test builds with NewContext is what the function finds, however it
// looks: FromContext, the eawsy shim's context, log lines.
func TestNewContextIsAnInvocation(t *testing.T) {
	want := &Context{
		ExecutionID: "exec-9", AWSRequestID: "exec-9", FunctionName: "fn", FunctionID: "fn-id", FunctionVersion: "3",
		OrganizationID: "org", InvokedFunctionARN: "arn:aws:lambda:eu-west-1:1:function:fn", MemoryLimitInMB: 256,
		LogGroupName: "/aws/lambda/fn", LogStreamName: "stream",
		Identity:      CognitoIdentity{CognitoIdentityID: "id-1", CognitoIdentityPoolID: "pool-1"},
		ClientContext: ClientContext{Client: ClientApplication{AppTitle: "App"}, Env: map[string]string{"platform": "x"}, Custom: map[string]string{"a": "b"}},
		Headers:       http.Header{"X-Test": {"yes"}},
		Deadline:      time.Now().Add(time.Minute).Round(0),
		Trace:         "trace-1",
	}
	ctx := NewContext(context.Background(), want)
	got, ok := FromContext(ctx)
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("FromContext gave %+v, want %+v", got, want)
	}
	if _, has := ctx.Deadline(); has {
		t.Error("NewContext set the context's deadline; its documentation says it does not")
	}
	info, _ := invocation.From(ctx)
	shim := eawsy.ContextOf(info)
	if shim.AWSRequestID != "exec-9" || shim.Identity == nil || shim.Identity.IdentityID != "id-1" || shim.ClientContext == nil || shim.ClientContext.Client.AppTitle != "App" {
		t.Errorf("the eawsy shim's context: %+v", shim)
	}
	lines := logged(t, func() { Logger(ctx).Info("hello") })
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "Z exec-9 hello") {
		t.Errorf("logged %q", lines)
	}
	// Lambda code names the id AWSRequestID.
	if c, _ := FromContext(NewContext(context.Background(), &Context{AWSRequestID: "req-1"})); c.ExecutionID != "req-1" {
		t.Errorf("AWSRequestID alone: ExecutionID %q", c.ExecutionID)
	}
	if c, _ := FromContext(NewContext(context.Background(), &Context{})); c.Identity != (CognitoIdentity{}) || c.ClientContext.Env != nil {
		t.Errorf("an empty Context: %+v", c)
	}
}
