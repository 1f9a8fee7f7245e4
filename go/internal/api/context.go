package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Context is handoff.Context, documented there.
type Context struct {
	// ExecutionID names this invocation: the Function-Execution-Id header
	// Cloud Functions sends, the Lambda request id, or else a new random id.
	ExecutionID string
	// AWSRequestID is ExecutionID, under the name Lambda code uses.
	AWSRequestID string
	// FunctionName: K_SERVICE, FUNCTION_NAME, AWS_LAMBDA_FUNCTION_NAME or the target.
	FunctionName string
	// FunctionID: FUNCTION_ID, else FunctionName.
	FunctionID string
	// FunctionVersion: K_REVISION, X_GOOGLE_FUNCTION_VERSION or AWS_LAMBDA_FUNCTION_VERSION.
	FunctionVersion string
	// OrganizationID: ORGANIZATION_ID, else the Google Cloud project.
	OrganizationID string
	// InvokedFunctionARN is the ARN Lambda was invoked with (Lambda only).
	InvokedFunctionARN string
	// MemoryLimitInMB: FUNCTION_MEMORY_MB, AWS_LAMBDA_FUNCTION_MEMORY_SIZE or
	// the cgroup's limit; 0 when unknown.
	MemoryLimitInMB int
	// LogGroupName and LogStreamName are the CloudWatch names (Lambda only).
	LogGroupName  string
	LogStreamName string
	// Identity is the Amazon Cognito identity (Lambda, invoked through the AWS Mobile SDK).
	Identity CognitoIdentity
	// ClientContext is the client application (Lambda, invoked through the AWS Mobile SDK).
	ClientContext ClientContext
	// Headers are the request's headers; nil outside HTTP.
	Headers http.Header
	// Deadline is when the host gives up on this invocation; zero when there is no timeout.
	Deadline time.Time
	// Trace is the Cloud Trace id from X-Cloud-Trace-Context, if any.
	Trace string
}

// CognitoIdentity is handoff.CognitoIdentity.
type CognitoIdentity struct {
	CognitoIdentityID     string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID string `json:"cognitoIdentityPoolId"`
}

// ClientContext is handoff.ClientContext.
type ClientContext struct {
	Client ClientApplication `json:"client"`
	Env    map[string]string `json:"env"`
	Custom map[string]string `json:"custom"`
}

// ClientApplication is handoff.ClientApplication.
type ClientApplication struct {
	InstallationID string `json:"installation_id"`
	AppTitle       string `json:"app_title"`
	AppVersionCode string `json:"app_version_code"`
	AppPackageName string `json:"app_package_name"`
}

// RemainingTimeInMillis is the time left before the deadline, in
// milliseconds (0 once past it); without a deadline, -1.
func (c *Context) RemainingTimeInMillis() int64 {
	if c.Deadline.IsZero() {
		return -1
	}
	left := time.Until(c.Deadline).Milliseconds()
	if left < 0 {
		return 0
	}
	return left
}

// FromContext is handoff.FromContext.
func FromContext(ctx context.Context) (*Context, bool) {
	info, ok := invocation.From(ctx)
	if !ok {
		return nil, false
	}
	return ContextOf(info), true
}

// ContextOf is the Context of an invocation: what a function that takes a
// *Context is given, and what FromContext returns.
func ContextOf(info *invocation.Info) *Context {
	c := &Context{
		ExecutionID:        info.ExecutionID,
		AWSRequestID:       info.ExecutionID,
		FunctionName:       info.Function.Name,
		FunctionID:         info.Function.ID,
		FunctionVersion:    info.Function.Version,
		OrganizationID:     info.Function.OrganizationID,
		InvokedFunctionARN: info.Lambda.InvokedFunctionARN,
		MemoryLimitInMB:    info.Function.MemoryLimitInMB,
		LogGroupName:       info.Function.LogGroupName,
		LogStreamName:      info.Function.LogStreamName,
		Headers:            info.Headers,
		Deadline:           info.Deadline,
		Trace:              info.Trace,
	}
	// Malformed JSON from the host leaves them empty; nothing to tell the function.
	_ = json.Unmarshal(info.Lambda.CognitoIdentity, &c.Identity)
	_ = json.Unmarshal(info.Lambda.ClientContext, &c.ClientContext)
	return c
}

// NewContext is handoff.NewContext: parent, carrying the invocation c
// describes, as the SDK describes one it serves. Everything that reads an
// invocation from a context reads it: FromContext, a function's *Context
// argument (ContextOf), the compatibility packages' contexts, log
// attribution.
func NewContext(parent context.Context, c *Context) context.Context {
	id := c.ExecutionID
	if id == "" {
		id = c.AWSRequestID
	}
	info := &invocation.Info{
		ExecutionID: id,
		Trace:       c.Trace,
		Start:       time.Now(),
		Deadline:    c.Deadline,
		Headers:     c.Headers,
		Function: invocation.Function{
			Name:            c.FunctionName,
			ID:              c.FunctionID,
			Version:         c.FunctionVersion,
			OrganizationID:  c.OrganizationID,
			MemoryLimitInMB: c.MemoryLimitInMB,
			LogGroupName:    c.LogGroupName,
			LogStreamName:   c.LogStreamName,
		},
		Lambda: invocation.LambdaDetails{InvokedFunctionARN: c.InvokedFunctionARN},
	}
	// As Lambda sends them, so that ContextOf reads them back (the fields'
	// JSON names are Lambda's). Only the zero values are left out.
	if c.Identity != (CognitoIdentity{}) {
		info.Lambda.CognitoIdentity, _ = json.Marshal(c.Identity)
	}
	if c.ClientContext.Client != (ClientApplication{}) || c.ClientContext.Env != nil || c.ClientContext.Custom != nil {
		info.Lambda.ClientContext, _ = json.Marshal(c.ClientContext)
	}
	return invocation.With(parent, info)
}
