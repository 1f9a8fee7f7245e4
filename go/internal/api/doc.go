// Package api defines the types of the handoff package's API: Context,
// Event and the types their fields and methods use. handoff declares them
// as aliases, so that the SDK's internals (the contracts, which give them to
// functions) build them without importing handoff: packages depend one way,
// handoff on internal/, never back. Their documentation for users is
// handoff's; what only a declaration can carry (fields, methods) is here.
//
// The eawsy shim's runtime.Context, which the compatibility package
// compat/eawsy/runtime declares as an alias too, is in eawsy/.
package api
