package handoffimpl

import "github.com/go-handoff/go-handoff/internal/entrypoint"

// What the main the build writes for a package without one calls
// (internal/prepare's generate.go): it records the package's functions, then
// serves the one the host targets.

// Discovered records an exported function the build found.
func Discovered(name string, fn any) { entrypoint.Discovered(name, fn) }

// SetDefault names the function to serve when the host names no target: the
// one the build was given with --target.
func SetDefault(name string) { entrypoint.SetDefault(name) }

// Serve serves the function the host targets, as handoff.Start serves one,
// and returns after a graceful shutdown.
func Serve() { entrypoint.Serve() }
