package contract

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime/debug"

	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// function is a user's function with the plan its signature gave.
type function struct {
	value reflect.Value
	sig   Signature
	plan  Plan
}

// outcome is what one call gave.
type outcome struct {
	result reflect.Value // invalid when the function has no result
	err    error         // the error the function returned
	panic  *Panic        // a recovered panic
}

// Panic is a panic recovered from the function, with the stack where it happened.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprintf("the function panicked: %v", p.Value) }

// InputError is a request the function cannot be given: malformed JSON, or
// something that is not an event. It is the client's fault (400).
type InputError struct{ Reason string }

func (e *InputError) Error() string { return e.Reason }

func (f *function) inputType() reflect.Type {
	if f.plan.Input < 0 {
		return nil
	}
	return f.value.Type().In(f.plan.Input)
}

// decodeInput turns the body (already read) into the function's input.
func (f *function) decodeInput(body []byte, event func() (*events.Event, error)) (reflect.Value, error) {
	t := f.inputType()
	if t == nil {
		return reflect.Value{}, nil
	}
	switch f.sig.Params[f.plan.Input].Kind {
	case KindBytes:
		return reflect.ValueOf(body), nil
	case KindEvent:
		ev, err := event()
		if err != nil {
			return reflect.Value{}, &InputError{Reason: err.Error()}
		}
		return eventTypes[t](ev), nil
	}
	target := reflect.New(t)
	if len(body) == 0 {
		// No body (a GET, say): the zero value, as JSON null would give.
		return target.Elem(), nil
	}
	if err := json.Unmarshal(body, target.Interface()); err != nil {
		return reflect.Value{}, &InputError{Reason: fmt.Sprintf("the request body is not valid JSON for %s: %v", t, err)}
	}
	return target.Elem(), nil
}

// call runs the function, turning a panic into an outcome.
func (f *function) call(ctx context.Context, info *invocation.Info, input reflect.Value) (out outcome) {
	args := make([]reflect.Value, len(f.sig.Params))
	for i, p := range f.sig.Params {
		switch {
		case i == f.plan.Input:
			args[i] = input
		case p.Kind == KindContext:
			args[i] = reflect.ValueOf(&ctx).Elem()
		case p.Kind == KindInvocation:
			args[i] = contextTypes[f.value.Type().In(i)](info)
		}
	}
	defer func() {
		if recovered := recover(); recovered != nil {
			out = outcome{panic: &Panic{Value: recovered, Stack: debug.Stack()}}
		}
	}()
	results := f.value.Call(args)
	if f.plan.Result >= 0 {
		out.result = results[f.plan.Result]
	}
	if f.plan.Error >= 0 {
		if err, _ := results[f.plan.Error].Interface().(error); err != nil {
			out.err = err
		}
	}
	return out
}

// errorTypeName names an error's type as aws-lambda-go does in errorType:
// the type's name, without the pointer.
func errorTypeName(err error) string {
	t := reflect.TypeOf(err)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}
