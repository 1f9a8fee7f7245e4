// Package ignite lets Go functions written for the compile-path platform's
// SDK build unchanged with go-handoff. Such code imports it as "ignite"; the
// build rewrites that import to this package, as the platform's compiler
// rewrites it to its bundled SDK.
//
//	func handler(payload []byte, ctx *ignite.Context) ([]byte, error) { ... }
//
//	func main() { ignite.Start(handler) }
//
// The payload is the raw request body; the result is written verbatim as
// application/octet-stream; an error answers HTTP 500 with {"error": "..."}.
package ignite

import (
	"context"
	"net/http"

	"github.com/go-handoff/go-handoff/handoff"
	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Context describes one invocation.
type Context struct {
	// ExecutionID names this invocation: the host's Function-Execution-Id
	// header, else a new random id.
	ExecutionID string
	// FunctionID is the app's id: FUNCTION_ID, else the function's name
	// (K_SERVICE, FUNCTION_NAME or FUNCTION_TARGET).
	FunctionID string
	// OrganizationID is the owning organization: ORGANIZATION_ID, else the
	// Google Cloud project (GOOGLE_CLOUD_PROJECT).
	OrganizationID string
	// Headers are the inbound request headers.
	Headers http.Header
}

// Handler is an ignite function.
type Handler func(payload []byte, ctx *Context) ([]byte, error)

// Start serves handler until the process is asked to stop.
func Start(handler Handler) {
	handoff.Start(handler)
}

func init() {
	contract.RegisterContext(func(_ context.Context, info *invocation.Info) *Context {
		return &Context{
			ExecutionID:    info.ExecutionID,
			FunctionID:     info.Function.ID,
			OrganizationID: info.Function.OrganizationID,
			Headers:        info.Headers,
		}
	})
}
