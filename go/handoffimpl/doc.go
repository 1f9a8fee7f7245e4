// Package handoffimpl is only imported by code go-handoff's build generates
// and by go-handoff's stand-in for functions-framework-go: it is not for
// hand-written code, which imports handoff.
//
// It exists because that code cannot import the SDK's internal packages:
// the generated main lives in the function's module, the stand-in
// (compat/functions-framework-go) is a module of its own. It exports only
// what they call, as thin calls into internal/, and it changes with the
// build that writes those calls.
package handoffimpl
