// Package start is what serves a function, whichever way the program came
// in: handoff.Start, NewHandler and OnShutdown are thin calls to it, and so
// is the main the build generates (through handoffimpl and
// internal/entrypoint, which picks the function the host targets). It reads
// the settings, adapts the function to its contract, and runs the HTTP
// server, or on Lambda the Runtime API loop, then the shutdown hooks.
//
// Its init function sets up what the SDK changes in the process (init.go):
// the logging, Go's memory limit.
package start
