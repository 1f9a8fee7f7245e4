// Package funcframework registers functions by path and serves them, as
// functions-framework-go's package of the same path does, for programs with
// a main of their own:
//
//	funcframework.RegisterHTTPFunctionContext(ctx, "/", HelloWorld)
//	if err := funcframework.Start(os.Getenv("PORT")); err != nil { ... }
//
// This is go-handoff's stand-in for it, with the same API: the build points
// the import path here. Start serves on the socket the host handed over to
// the Go binary (or, run alone, on port), never on a listener of its own.
package funcframework

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sort"

	"github.com/GoogleCloudPlatform/functions-framework-go/internal/registry"
	"github.com/GoogleCloudPlatform/functions-framework-go/internal/serving"
	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/go-handoff/go-handoff/compat/functionsframework"
	"github.com/go-handoff/go-handoff/handoff"
)

// RegisterHTTPFunctionContext registers fn as an HTTP function at path.
func RegisterHTTPFunctionContext(ctx context.Context, path string, fn func(http.ResponseWriter, *http.Request)) error {
	return registry.Add(&registry.Function{Path: path, Handler: serving.HTTP(fn)}, functionsframework.HTTP)
}

// RegisterEventFunctionContext registers fn as a background (legacy event)
// function at path: fn takes a context.Context and a value of any type the
// event's data decodes into as JSON, and returns an error.
func RegisterEventFunctionContext(ctx context.Context, path string, fn interface{}) error {
	if err := serving.CheckEvent(fn); err != nil {
		return err
	}
	return registry.Add(&registry.Function{Path: path, Handler: serving.Event(fn)}, functionsframework.Event)
}

// RegisterCloudEventFunctionContext registers fn as a CloudEvent function at path.
func RegisterCloudEventFunctionContext(ctx context.Context, path string, fn func(context.Context, event.Event) error) error {
	return registry.Add(&registry.Function{Path: path, Handler: serving.CloudEvent(fn)}, functionsframework.CloudEvent)
}

// RegisterHTTPFunction registers fn, a func(http.ResponseWriter,
// *http.Request), at path. Kept for programs written against
// functions-framework-go's first API; it panics when fn is something else.
func RegisterHTTPFunction(path string, fn interface{}) {
	httpFn, ok := fn.(func(http.ResponseWriter, *http.Request))
	if !ok {
		panic("expected function to have signature func(http.ResponseWriter, *http.Request)")
	}
	if err := RegisterHTTPFunctionContext(context.Background(), path, httpFn); err != nil {
		panic(fmt.Sprintf("unexpected error in RegisterHTTPFunctionContext: %v", err))
	}
}

// RegisterEventFunction registers fn as a background function at path. Kept
// for programs written against functions-framework-go's first API.
func RegisterEventFunction(path string, fn interface{}) {
	if err := RegisterEventFunctionContext(context.Background(), path, fn); err != nil {
		panic(fmt.Sprintf("unexpected error in RegisterEventFunctionContext: %v", err))
	}
}

// Start serves the registered functions until the host stops the process,
// then returns nil. Under a host that handed its socket to the Go binary,
// that socket is served and port is not listened on; run alone, port is
// (when PORT does not say otherwise).
func Start(port string) error {
	return StartHostPort("", port)
}

// StartHostPort is Start; hostname is not used: the socket is the host's,
// or, run alone, one on every address.
func StartHostPort(hostname, port string) error {
	if port != "" && os.Getenv("PORT") == "" {
		os.Setenv("PORT", port)
	}
	handoff.Start(serveMux(functionsframework.Target()))
	return nil
}

// serveMux is what functions-framework-go serves: with a target, the
// function of that name at "/" (or the last one registered by path, which
// cannot be named); without one, every function at its path.
func serveMux(target string) http.Handler {
	if target != "" {
		if fn, ok := registry.Named(target); ok {
			return fn.Handler
		}
		if fn := registry.LastUnnamed(); fn != nil {
			return fn.Handler
		}
		return noSuchTarget(target)
	}
	mux := http.NewServeMux()
	for _, fn := range registry.All() {
		mux.Handle(fn.Path, fn.Handler)
	}
	return mux
}

// noSuchTarget answers every request 500, naming the target and the
// functions there are (in production, only the error's code), and logs it
// once: the host stays up, and the cause is in the logs.
func noSuchTarget(target string) http.Handler {
	var names []string
	for _, fn := range registry.All() {
		if fn.Name != "" {
			names = append(names, fn.Name)
		}
	}
	sort.Strings(names)
	fmt.Fprintln(os.Stderr, "go-handoff: "+functionsframework.NoSuchTarget(target, names))
	return functionsframework.NoSuchTargetHandler(target, names)
}
