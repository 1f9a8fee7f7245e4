// Package runtime lets Lambda functions written for the eawsy shim build
// unchanged with go-handoff. Such code imports
// github.com/eawsy/aws-lambda-go-core/service/lambda/runtime; the build
// rewrites that import to this package, whose types are the shim's.
//
//	func Handle(evt json.RawMessage, ctx *runtime.Context) (interface{}, error) {
//		return "Hello, World!", nil
//	}
//
// The build writes the main function the shim's users never wrote.
package runtime

import (
	"context"
	"encoding/json"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// CognitoIdentity is the Amazon Cognito identity provider, when the function
// is invoked through the AWS Mobile SDK.
type CognitoIdentity struct {
	IdentityID     string `json:"cognito_identity_id"`
	IdentityPoolID string `json:"cognito_identity_pool_id"`
}

// Client is the client application, when invoked through the AWS Mobile SDK.
type Client struct {
	InstallationID string `json:"installation_id"`
	AppTitle       string `json:"app_title"`
	AppVersionName string `json:"app_version_name"`
	AppVersionCode string `json:"app_version_code"`
	AppPackageName string `json:"app_package_name"`
}

// ClientContext is the client application and device, when invoked through
// the AWS Mobile SDK.
type ClientContext struct {
	Client      *Client           `json:"client,omitempty"`
	Custom      map[string]string `json:"custom"`
	Environment map[string]string `json:"env"`
}

// Context is the invocation's context, as the shim gave it.
type Context struct {
	// FunctionName, FunctionVersion, InvokedFunctionARN, MemoryLimitInMB,
	// LogGroupName, LogStreamName: the function's configuration, from the
	// platform's environment (see handoff.Context for where each comes from
	// on hosts other than Lambda).
	FunctionName       string `json:"function_name"`
	FunctionVersion    string `json:"function_version"`
	InvokedFunctionARN string `json:"invoked_function_arn"`
	MemoryLimitInMB    int    `json:"memory_limit_in_mb,string"`
	// AWSRequestID names this invocation: the Lambda request id, the host's
	// Function-Execution-Id header, or a new random id. Lines logged with the
	// invocation's context carry it (docs/logging.md).
	AWSRequestID  string `json:"aws_request_id"`
	LogGroupName  string `json:"log_group_name"`
	LogStreamName string `json:"log_stream_name"`
	// Identity and ClientContext are nil unless Lambda passes them.
	Identity      *CognitoIdentity `json:"identity,omitempty"`
	ClientContext *ClientContext   `json:"client_context,omitempty"`
	// RemainingTimeInMillis returns the time left before the function is
	// stopped, in milliseconds; -1 when the host sets no timeout.
	RemainingTimeInMillis func() int64 `json:"-"`
}

func newContext(_ context.Context, info *invocation.Info) *Context {
	c := &Context{
		FunctionName:       info.Function.Name,
		FunctionVersion:    info.Function.Version,
		InvokedFunctionARN: info.Lambda.InvokedFunctionARN,
		MemoryLimitInMB:    info.Function.MemoryLimitInMB,
		AWSRequestID:       info.ExecutionID,
		LogGroupName:       info.Function.LogGroupName,
		LogStreamName:      info.Function.LogStreamName,
		RemainingTimeInMillis: func() int64 {
			if info.Deadline.IsZero() {
				return -1
			}
			return max(0, time.Until(info.Deadline).Milliseconds())
		},
	}
	// Lambda's Lambda-Runtime-Cognito-Identity header names the fields its own way.
	var identity struct {
		ID     string `json:"cognitoIdentityId"`
		PoolID string `json:"cognitoIdentityPoolId"`
	}
	if json.Unmarshal(info.Lambda.CognitoIdentity, &identity) == nil {
		c.Identity = &CognitoIdentity{IdentityID: identity.ID, IdentityPoolID: identity.PoolID}
	}
	if len(info.Lambda.ClientContext) > 0 {
		c.ClientContext = &ClientContext{}
		if json.Unmarshal(info.Lambda.ClientContext, c.ClientContext) != nil {
			c.ClientContext = nil
		}
	}
	return c
}

func init() { contract.RegisterContext(newContext) }
