// Package functionsframework is what the stand-in for functions-framework-go
// (the module in compat/functions-framework-go, whose import path the build
// points at it with a replace) needs of the SDK's internals: the registry of
// named functions the host's target chooses from, and the event decoding
// (CloudEvents, and legacy events by Cloud Functions' mapping) that
// handoff.Event uses.
//
// It is not for functions to import: write handoff code, or
// functions-framework-go code, and the build does the rest.
package functionsframework
