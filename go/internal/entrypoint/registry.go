package entrypoint

import (
	"slices"
	"sync"
)

// Signature says how a function is called when its shape alone does not
// tell: "" (from the shape), "http", "event" (legacy background),
// "cloudevent", "typed". The values are those of functions-framework's
// --signature-type and FUNCTION_SIGNATURE_TYPE, plus functions-framework-go's
// declarative "typed".
type Signature string

const (
	FromShape  Signature = ""
	HTTP       Signature = "http"
	Event      Signature = "event"
	CloudEvent Signature = "cloudevent"
	Typed      Signature = "typed"
)

// SignatureTypes are the signature types a host may name
// (GO_HANDOFF_SIGNATURE_TYPE, FUNCTION_SIGNATURE_TYPE, `go-handoff serve
// --signature-type`).
var SignatureTypes = []Signature{HTTP, Event, CloudEvent, Typed}

// known reports whether s is one of the signature types, or FromShape.
func (s Signature) known() bool {
	return s == FromShape || slices.Contains(SignatureTypes, s)
}

// registered is one function the package offers.
type registered struct {
	fn  any
	sig Signature
	// explicit: registered by the user's code (functions-framework-go's
	// functions.HTTP and the like), not found by the build.
	explicit bool
}

var registry = struct {
	sync.Mutex
	functions map[string]registered
	// fallback is the function to serve when the host names none: the
	// build's --target, else target.DefaultName.
	fallback string
}{functions: map[string]registered{}}

// Register records a function the package offers under name (explicit
// registrations: functions-framework-go's functions.HTTP/CloudEvent/Typed,
// funcframework.Register*). fn is anything handoff.Start serves, or a
// background function func(context.Context, T) error. sig says how to call
// it when its shape does not tell (FromShape: the host's signature type
// decides). Registering a name again replaces the earlier registration, as
// functions-framework-go does.
func Register(name string, fn any, sig Signature) {
	registry.Lock()
	defer registry.Unlock()
	registry.functions[name] = registered{fn: fn, sig: sig, explicit: true}
}

// Discovered records an exported function the build found (from the
// generated main); ignored when name is already registered explicitly.
func Discovered(name string, fn any) {
	registry.Lock()
	defer registry.Unlock()
	if earlier, ok := registry.functions[name]; ok && earlier.explicit {
		return
	}
	registry.functions[name] = registered{fn: fn}
}

// SetDefault names the function to serve when the host names no target
// (the build's --target); without it, Handle or the only function.
func SetDefault(name string) {
	registry.Lock()
	defer registry.Unlock()
	registry.fallback = name
}

// Names lists the functions registered so far, sorted.
func Names() []string {
	registry.Lock()
	defer registry.Unlock()
	names := make([]string, 0, len(registry.functions))
	for name := range registry.functions {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// lookup returns the function registered under name.
func lookup(name string) (registered, bool) {
	registry.Lock()
	defer registry.Unlock()
	r, ok := registry.functions[name]
	return r, ok
}

// reset forgets every registration (for tests).
func reset() {
	registry.Lock()
	defer registry.Unlock()
	registry.functions = map[string]registered{}
	registry.fallback = ""
}
