package contract

import (
	"fmt"
	"net/http"
	"reflect"
	"runtime/debug"
)

// Adapted is a function ready to be served.
type Adapted struct {
	Contract Contract
	// Handler serves one HTTP invocation.
	Handler http.Handler
	// function is the user's function, for transports other than HTTP; nil
	// for net/http functions.
	function *function
	// handler is a net/http function as the user gave it, without the
	// recovery Handler adds: other transports report a panic their own way.
	handler http.Handler
}

var handlerFuncType = reflect.TypeOf(http.HandlerFunc(nil))

// Adapt checks fn against the rules of the contracts and returns it ready to
// serve, or an error that says which rule it breaks.
func Adapt(fn any) (*Adapted, error) {
	if fn == nil {
		return nil, fmt.Errorf("handoff.Start was given nil; give it your function or an http.Handler")
	}
	if handler, ok := fn.(http.Handler); ok {
		return adaptedHTTP(handler), nil
	}
	value := reflect.ValueOf(fn)
	if value.Kind() != reflect.Func {
		return nil, fmt.Errorf("handoff.Start was given a %T, which is neither a function nor an http.Handler", fn)
	}
	if value.IsNil() {
		return nil, fmt.Errorf("handoff.Start was given a nil %T", fn)
	}
	sig := signatureOf(value.Type())
	plan, err := Classify(sig)
	if err != nil {
		return nil, fmt.Errorf("cannot serve a %s: %w", sig, err)
	}
	if plan.Contract == HTTP {
		// Also a named func type that is not http.HandlerFunc itself.
		return adaptedHTTP(value.Convert(handlerFuncType).Interface().(http.HandlerFunc)), nil
	}
	f := &function{value: value, sig: sig, plan: plan}
	answers := answersFor(plan.Contract)
	return &Adapted{Contract: plan.Contract, Handler: withDeclaredLimit(withDeadline(&functionHandler{f: f, answers: answers}, answers), answers), function: f}, nil
}

func adaptedHTTP(handler http.Handler) *Adapted {
	return &Adapted{Contract: HTTP, Handler: withBodyLimit(withDeadline(recoverHTTP(handler), httpAnswers{}), httpAnswers{}), handler: handler}
}

func answersFor(c Contract) answers {
	switch c {
	case Bytes:
		return bytesAnswers{}
	case Event:
		return eventAnswers{}
	}
	return typedAnswers{}
}

func stack() []byte { return debug.Stack() }
