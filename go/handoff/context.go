package handoff

import (
	"context"

	"github.com/go-handoff/go-handoff/internal/api"
)

// Context describes one invocation of the function. A function may take a
// *Context as an argument; any function can get it from its context.Context
// with FromContext; a test makes one with NewContext.
//
// It has the fields of the systems go-handoff's users come from: those of
// the ignite platform (ExecutionID, FunctionID, OrganizationID,
// Headers) and those of AWS Lambda and the eawsy shim (AWSRequestID,
// FunctionName, FunctionVersion, InvokedFunctionARN, MemoryLimitInMB,
// LogGroupName, LogStreamName, Identity, ClientContext), with Deadline and
// Trace; and the methods RemainingTimeInMillis and Logger. [api.Context],
// of which this is an alias, documents each.
type Context = api.Context

// CognitoIdentity is the Amazon Cognito identity Lambda passes
// (Context.Identity).
type CognitoIdentity = api.CognitoIdentity

// ClientContext is the client application and device Lambda passes
// (Context.ClientContext).
type ClientContext = api.ClientContext

// ClientApplication describes the client application (ClientContext.Client).
type ClientApplication = api.ClientApplication

// FromContext returns the Context of the invocation ctx belongs to: the
// context.Context a function is given, or its request's.
func FromContext(ctx context.Context) (*Context, bool) { return api.FromContext(ctx) }

// NewContext returns parent carrying the invocation c describes, as the
// context.Context of an invocation does, for tests: a function under test
// given it finds c with FromContext, and the lines it logs with it (Logger,
// slog.InfoContext) carry c's ExecutionID and Trace. It does not set
// parent's deadline from c.Deadline: use context.WithDeadline for that.
// aws-lambda-go's lambdacontext.NewContext does the same for its context.
func NewContext(parent context.Context, c *Context) context.Context { return api.NewContext(parent, c) }
