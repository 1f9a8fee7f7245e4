package handoff

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Context describes one invocation of the function. A function may take a
// *Context as an argument; any function can get it from its context.Context
// with FromContext.
//
// It has the fields of the systems go-handoff's users come from: those of
// the compile-path platform (ExecutionID, FunctionID, OrganizationID,
// Headers) and those of AWS Lambda and the eawsy shim (AWSRequestID,
// FunctionName, FunctionVersion, InvokedFunctionARN, MemoryLimitInMB,
// LogGroupName, LogStreamName, Identity, ClientContext).
type Context struct {
	// ExecutionID names this invocation: the Function-Execution-Id header
	// Cloud Functions sends, the Lambda request id, or else a new random id.
	ExecutionID string
	// AWSRequestID is ExecutionID, under the name Lambda code uses.
	AWSRequestID string
	// FunctionName: K_SERVICE, FUNCTION_NAME, AWS_LAMBDA_FUNCTION_NAME or FUNCTION_TARGET.
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

// CognitoIdentity is the Amazon Cognito identity Lambda passes.
type CognitoIdentity struct {
	CognitoIdentityID     string `json:"cognitoIdentityId"`
	CognitoIdentityPoolID string `json:"cognitoIdentityPoolId"`
}

// ClientContext is the client application and device Lambda passes.
type ClientContext struct {
	Client ClientApplication `json:"client"`
	Env    map[string]string `json:"env"`
	Custom map[string]string `json:"custom"`
}

// ClientApplication describes the client application.
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

// FromContext returns the Context of the invocation ctx belongs to: the
// context.Context a function is given, or its request's.
func FromContext(ctx context.Context) (*Context, bool) {
	info, ok := invocation.From(ctx)
	if !ok {
		return nil, false
	}
	return contextOf(info), true
}

func contextOf(info *invocation.Info) *Context {
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

func init() {
	contract.RegisterContext(func(_ context.Context, info *invocation.Info) *Context { return contextOf(info) })
}
