package eawsy

import (
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

func TestContextAsTheShimGaveIt(t *testing.T) {
	info := &invocation.Info{
		ExecutionID: "req-1",
		Deadline:    time.Now().Add(3 * time.Second),
		Function:    invocation.Function{Name: "fn", Version: "7", MemoryLimitInMB: 256, LogGroupName: "/aws/lambda/fn", LogStreamName: "stream"},
		Lambda: invocation.LambdaDetails{
			InvokedFunctionARN: "arn:aws:lambda:eu-west-1:1:function:fn",
			CognitoIdentity:    []byte(`{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}`),
			ClientContext:      []byte(`{"client":{"app_title":"App"},"custom":{"a":"b"},"env":{"platform":"x"}}`),
		},
	}
	c := ContextOf(info)
	if c.AWSRequestID != "req-1" || c.FunctionName != "fn" || c.FunctionVersion != "7" || c.MemoryLimitInMB != 256 ||
		c.InvokedFunctionARN != "arn:aws:lambda:eu-west-1:1:function:fn" || c.LogGroupName != "/aws/lambda/fn" || c.LogStreamName != "stream" {
		t.Errorf("got %+v", c)
	}
	if c.Identity == nil || c.Identity.IdentityID != "id-1" || c.Identity.IdentityPoolID != "pool-1" {
		t.Errorf("identity %+v", c.Identity)
	}
	if c.ClientContext == nil || c.ClientContext.Client.AppTitle != "App" || c.ClientContext.Custom["a"] != "b" || c.ClientContext.Environment["platform"] != "x" {
		t.Errorf("client context %+v", c.ClientContext)
	}
	if left := c.RemainingTimeInMillis(); left <= 0 || left > 3000 {
		t.Errorf("RemainingTimeInMillis() = %d", left)
	}
	bare := ContextOf(&invocation.Info{ExecutionID: "x"})
	if bare.Identity != nil || bare.ClientContext != nil || bare.RemainingTimeInMillis() != -1 {
		t.Errorf("without Lambda details: %+v, remaining %d", bare, bare.RemainingTimeInMillis())
	}
}
