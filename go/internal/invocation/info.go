package invocation

import (
	"context"
	"net/http"
	"time"
)

// Info describes one invocation.
type Info struct {
	// ExecutionID names the invocation: the host's Function-Execution-Id
	// header when there is one (Cloud Functions sets it), the Lambda request
	// id on Lambda, else a new random id.
	ExecutionID string
	// Trace is the X-Cloud-Trace-Context header's trace id, if any.
	Trace string
	// Deadline is when the host gives up on the invocation; zero when none is known.
	Deadline time.Time
	// Headers are the request's headers (nil outside HTTP).
	Headers http.Header
	// Function is who is being invoked.
	Function Function
	// Lambda holds what only AWS Lambda tells: ARN, identity, client context.
	Lambda LambdaDetails
}

// LambdaDetails are the parts of a Lambda invocation other hosts do not have.
type LambdaDetails struct {
	InvokedFunctionARN string
	// CognitoIdentity and ClientContext are the raw JSON Lambda passes in the
	// Lambda-Runtime-Cognito-Identity and Lambda-Runtime-Client-Context headers.
	CognitoIdentity []byte
	ClientContext   []byte
}

type key struct{}

// With returns ctx carrying info.
func With(ctx context.Context, info *Info) context.Context {
	return context.WithValue(ctx, key{}, info)
}

// From returns the Info ctx carries, if any.
func From(ctx context.Context) (*Info, bool) {
	info, ok := ctx.Value(key{}).(*Info)
	return info, ok
}

// Remaining is the time left before the deadline, or a negative duration
// past it; without a deadline, it is zero.
func (i *Info) Remaining(now time.Time) time.Duration {
	if i.Deadline.IsZero() {
		return 0
	}
	return i.Deadline.Sub(now)
}
