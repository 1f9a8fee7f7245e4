package entrypoint

import (
	"reflect"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/target"
)

// served is what Serve gives handoff.Start, and how it is called (for the log).
type served struct {
	name string // "" when nothing can be served
	fn   any
	how  string
}

// resolve decides how to call a registered function. The shape decides when
// it can; only func(ctx context.Context, e T) error is ambiguous: Cloud
// Functions' first generation calls it a background function (T is the
// legacy event's data), and go-handoff's typed JSON contract (aws-lambda-go's
// rules) a function of the request body. The registration's signature type
// decides, else the host's: "http" and "typed" make it typed JSON, "event"
// and "cloudevent" a background function. With none, it is a background
// function, as on Cloud Functions, where a function of that shape deployed
// without --trigger-http is one; except where it meant typed JSON before
// entry points existed: a func Handle (go-handoff's and the seed systems'
// default name), and any function on AWS Lambda (aws-lambda-go's
// func(ctx, MyEvent) error).
func resolve(name string, r registered, host Signature, onLambda bool) served {
	sig := r.sig
	if sig == FromShape {
		sig = host
	}
	if sig == FromShape && (name == target.DefaultName || onLambda) {
		sig = Typed
	}
	value := reflect.ValueOf(r.fn)
	if r.fn == nil || value.Kind() != reflect.Func || value.IsNil() {
		return served{name: name, fn: r.fn, how: "by its type"}
	}
	if contract.IsBackground(contract.SignatureOf(value.Type())) {
		switch sig {
		case HTTP, Typed:
			how := "as a typed JSON function (signature type " + string(sig) + ")"
			if r.sig == FromShape && host == FromShape {
				how = "as a typed JSON function (give --signature-type=event to make it a background function)"
			}
			return served{name: name, fn: r.fn, how: how}
		}
		return served{name: name, fn: newBackground(name, r.fn), how: "as a background function, given the legacy event's data"}
	}
	return served{name: name, fn: r.fn, how: "by its shape"}
}
