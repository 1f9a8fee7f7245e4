// Package invocation holds what the SDK knows about one call of the
// function: its execution id, deadline, request headers, and the function's
// own identity. Every contract builds its context parameters (handoff.Context
// and the compatibility packages' Context types) from it.
package invocation
