package entrypoint

import (
	"os"

	"github.com/go-handoff/go-handoff/internal/lambda"
	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/start"
	"github.com/go-handoff/go-handoff/internal/target"
)

// Serve picks the target (GO_HANDOFF_TARGET, else FUNCTION_TARGET; none:
// the build's default, Handle, or the only function there is) and its
// signature type (GO_HANDOFF_SIGNATURE_TYPE, else FUNCTION_SIGNATURE_TYPE),
// then serves it as handoff.Start does (internal/start: the same server,
// settings, Lambda loop).
// A target that names nothing keeps the process serving: every request gets
// a 500 naming the target and listing the names, and the reason is logged
// once. Serve returns after a graceful shutdown.
func Serve() {
	fn := choose(os.Getenv).fn
	if b, ok := fn.(*background); ok && lambda.Hosted(os.Getenv) {
		fn = b.payloadFunction() // no HTTP requests to decode events from
	}
	start.Serve(fn)
}

// choose decides what to serve, and logs why.
func choose(getenv func(string) string) served {
	host := fromEnvironment(getenv)
	if host.signatureProblem != "" {
		logging.SDK(logging.Warning, "%s", host.signatureProblem)
	}
	registry.Lock()
	fallback := registry.fallback
	registry.Unlock()
	choice, err := target.Choose(Names(), host.target, fallback)
	if err != nil {
		logging.SDK(logging.Error, "%v", err)
		return served{fn: unservable(err.Error()), how: "answering 500"}
	}
	if choice.Note != "" {
		logging.SDK(logging.Warning, "%s (%s)", choice.Note, host.targetFrom)
	}
	r, _ := lookup(choice.Name)
	s := resolve(choice.Name, r, host.signature, lambda.Hosted(getenv))
	logging.SDK(logging.Info, "serving %s %s", choice.Name, s.how)
	return s
}
