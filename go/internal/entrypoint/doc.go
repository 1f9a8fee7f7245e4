// Package entrypoint is the runtime registry of the functions a package
// offers, and serves the one the host targets.
//
// One archive holds every function of a package, as Cloud Functions deploys
// one source many times, each deployment with its own entry point. The
// build's generated main records every exported function of a usable shape
// (Discovered), functions-framework-go's compatibility packages record their
// registrations (Register), and Serve picks one from the host's target
// (GO_HANDOFF_TARGET, which the loader sets from functions-framework's
// --target, else FUNCTION_TARGET) and serves it as handoff.Start does.
//
// A first-generation background function, func(ctx context.Context, e T)
// error with T any JSON type, gets the legacy event's data decoded into T
// (a CloudEvent is converted to the legacy event first), and a context from
// which cloud.google.com/go/functions/metadata.FromContext reads the event's
// id, timestamp, type and resource.
package entrypoint
