// Package contract turns the function a user wrote, in any of the shapes
// go-handoff accepts, into something that serves an invocation.
//
// The shapes and their rules are in signature.go; both the running SDK
// (reflect_signature.go) and the build (internal/prepare) reduce a
// function's type to a Signature and apply them, so that a function the
// build accepts is one the SDK serves, and both explain a refusal alike.
package contract
