// Package generatedmain is what the main package that go-handoff's build
// writes for a function without one calls: it records the package's
// functions and serves the one the host targets. It is not for hand-written
// code (write a main that calls handoff.Start instead), and it may change
// with the build that writes those calls.
//
// It exists because the generated main lives in the function's module, which
// cannot import the SDK's internal packages.
package generatedmain

import "github.com/go-handoff/go-handoff/internal/entrypoint"

// Discovered records an exported function the build found; see
// internal/entrypoint.
func Discovered(name string, fn any) { entrypoint.Discovered(name, fn) }

// SetDefault names the function to serve when the host names no target: the
// one the build was given with --target.
func SetDefault(name string) { entrypoint.SetDefault(name) }

// Serve serves the function the host targets, and returns after a graceful
// shutdown.
func Serve() { entrypoint.Serve() }
