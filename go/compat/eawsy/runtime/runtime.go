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

import "github.com/go-handoff/go-handoff/internal/api/eawsy"

// Context is the invocation's context, as the shim gave it: the same
// fields, JSON names and RemainingTimeInMillis function field
// ([eawsy.Context] documents each).
type Context = eawsy.Context

// CognitoIdentity is the Amazon Cognito identity provider, when the
// function is invoked through the AWS Mobile SDK.
type CognitoIdentity = eawsy.CognitoIdentity

// ClientContext is the client application and device, when invoked through
// the AWS Mobile SDK.
type ClientContext = eawsy.ClientContext

// Client is the client application, when invoked through the AWS Mobile SDK.
type Client = eawsy.Client
