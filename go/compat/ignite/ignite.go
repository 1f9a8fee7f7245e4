// Package ignite lets Go functions written for the ignite platform's
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

import "github.com/go-handoff/go-handoff/handoff"

// Context describes one invocation: it is handoff.Context, which has the
// fields the platform's SDK gave (ExecutionID, FunctionID, OrganizationID,
// Headers) and more.
type Context = handoff.Context

// Handler is an ignite function.
type Handler func(payload []byte, ctx *Context) ([]byte, error)

// Start serves handler until the process is asked to stop.
func Start(handler Handler) {
	handoff.Start(handler)
}
