package contract

import (
	"fmt"
	"strings"
)

// Contract is how a function is called.
type Contract string

const (
	// HTTP functions are net/http handlers: they get the request, write the answer.
	HTTP Contract = "http"
	// Typed functions get the JSON-decoded body and return a JSON-encoded result,
	// in the rules of aws-lambda-go and the eawsy shim.
	Typed Contract = "typed"
	// Bytes functions get the raw body and return the raw answer.
	Bytes Contract = "bytes"
	// Event functions get a CloudEvent or a legacy background event.
	Event Contract = "event"
)

// Kind is what a parameter or result is, as far as the rules care.
type Kind int

const (
	// KindValue is any other type: a JSON-decoded input, a JSON-encoded result.
	KindValue Kind = iota
	// KindUnencodable is a type JSON cannot carry (channels, functions, complex numbers).
	KindUnencodable
	// KindContext is context.Context.
	KindContext
	// KindInvocation is a pointer to a context type the SDK fills in
	// (*handoff.Context, which is *ignite.Context too, and the eawsy shim's
	// *runtime.Context: function_params.go).
	KindInvocation
	// KindInvocationValue is such a context type taken by value.
	KindInvocationValue
	// KindResponseWriter is http.ResponseWriter.
	KindResponseWriter
	// KindRequest is *http.Request.
	KindRequest
	// KindRequestValue is http.Request by value.
	KindRequestValue
	// KindBytes is []byte: the raw body as input, the raw answer as result.
	KindBytes
	// KindEvent is handoff.Event (or a pointer to it).
	KindEvent
	// KindError is error.
	KindError
)

// Type is one parameter or result: its kind, and its name as the user wrote
// it (for messages).
type Type struct {
	Kind Kind
	Name string
	// TakesContext: a context.Context can be passed as this parameter
	// (context.Context itself, or an interface it satisfies, such as any).
	TakesContext bool
	// IsError: a result of this type is an error (error itself, or a type
	// with its Error method). From the source, where a type of another
	// package cannot be looked into, the build assumes it may be.
	IsError bool
}

// Signature is a function's type, reduced to what the rules look at. Both
// the running SDK (from reflect) and the build (from the source) make one, so
// that both apply the same rules and say the same things.
type Signature struct {
	Params   []Type
	Results  []Type
	Variadic bool
}

func (s Signature) String() string {
	names := func(types []Type) string {
		parts := make([]string, len(types))
		for i, t := range types {
			parts[i] = t.Name
		}
		return strings.Join(parts, ", ")
	}
	text := "func(" + names(s.Params) + ")"
	switch len(s.Results) {
	case 0:
	case 1:
		text += " " + s.Results[0].Name
	default:
		text += " (" + names(s.Results) + ")"
	}
	return text
}

// Plan says how to call a function whose signature passed the rules.
type Plan struct {
	Contract Contract
	// Input is the index of the parameter that receives the body (or the
	// event), or -1 when the function takes none.
	Input int
	// Result is the index of the result to answer with, or -1 when there is none.
	Result int
	// Error is the index of the error result, or -1.
	Error int
}

// A RuleError says which rule a signature breaks, one message per rule.
type RuleError struct {
	Signature Signature
	Rule      string
}

func (e *RuleError) Error() string { return e.Rule }

// Classify decides the contract of a function with signature s, or returns
// a *RuleError naming the rule it breaks.
func Classify(s Signature) (Plan, error) {
	broken := func(format string, args ...any) (Plan, error) {
		return Plan{}, &RuleError{Signature: s, Rule: fmt.Sprintf(format, args...)}
	}
	if s.Variadic {
		return broken("it is variadic; a function takes fixed arguments")
	}
	if plan, isHTTP, rule := classifyHTTP(s); isHTTP {
		if rule != "" {
			return broken("%s", rule)
		}
		return plan, nil
	}
	plan := Plan{Input: -1, Result: -1, Error: -1}
	if len(s.Params) > 2 {
		return broken("it takes %d arguments; a function takes at most two: a context (context.Context or *handoff.Context) and one input", len(s.Params))
	}
	seen := map[Kind]string{}
	for i, p := range s.Params {
		switch p.Kind {
		case KindContext, KindInvocation:
			if earlier, twice := seen[p.Kind]; twice {
				return broken("it takes two contexts (%s and %s); take at most one of each kind", earlier, p.Name)
			}
			seen[p.Kind] = p.Name
		case KindInvocationValue:
			return broken("it takes %s by value; take a pointer, *%s, which go-handoff fills in", p.Name, p.Name)
		case KindError:
			return broken("it takes an error as input; an input is decoded from the request body, an error cannot be")
		case KindUnencodable:
			return broken("its input type %s cannot be decoded from JSON (channels, functions and complex numbers cannot)", p.Name)
		default:
			if plan.Input >= 0 {
				return broken("it takes two inputs (%s and %s); a function takes one input, decoded from the request body, besides its contexts", s.Params[plan.Input].Name, p.Name)
			}
			plan.Input = i
		}
	}
	if len(s.Results) > 2 {
		return broken("it returns %d values; a function returns at most two: a result and an error", len(s.Results))
	}
	if len(s.Results) == 2 {
		if s.Results[1].Kind != KindError {
			return broken("it returns (%s, %s); with two results, the second must be error", s.Results[0].Name, s.Results[1].Name)
		}
		if s.Results[0].Kind == KindError {
			return broken("it returns (error, error); the first result is the answer, the second the error")
		}
		plan.Result, plan.Error = 0, 1
	}
	if len(s.Results) == 1 {
		if s.Results[0].Kind == KindError {
			plan.Error = 0
		} else {
			plan.Result = 0
		}
	}
	if plan.Result >= 0 {
		switch s.Results[plan.Result].Kind {
		case KindUnencodable:
			return broken("its result type %s cannot be encoded as JSON (channels, functions and complex numbers cannot)", s.Results[plan.Result].Name)
		case KindContext, KindInvocation, KindInvocationValue, KindEvent:
			return broken("it returns %s; return the answer (any JSON-encodable value, or []byte) and an error", s.Results[plan.Result].Name)
		}
	}

	if plan.Input >= 0 && s.Params[plan.Input].Kind == KindEvent {
		if len(s.Results) != 1 || plan.Error != 0 {
			return broken("it takes an event but returns %s; an event function returns only error", resultsText(s))
		}
		plan.Contract = Event
		return plan, nil
	}
	plan.Contract = Typed
	if plan.Result >= 0 && s.Results[plan.Result].Kind == KindBytes {
		plan.Contract = Bytes
	}
	return plan, nil
}

// classifyHTTP applies the net/http rules to a signature that takes any part
// of an HTTP request, and reports whether it does.
func classifyHTTP(s Signature) (plan Plan, isHTTP bool, rule string) {
	for _, p := range s.Params {
		if p.Kind == KindResponseWriter || p.Kind == KindRequest || p.Kind == KindRequestValue {
			isHTTP = true
		}
	}
	if !isHTTP {
		return Plan{}, false, ""
	}
	for _, p := range s.Params {
		if p.Kind == KindRequestValue {
			return Plan{}, true, fmt.Sprintf("it takes %s by value; a net/http handler takes *http.Request", p.Name)
		}
	}
	if len(s.Params) == 2 && s.Params[0].Kind == KindRequest && s.Params[1].Kind == KindResponseWriter {
		return Plan{}, true, "it takes (*http.Request, http.ResponseWriter); a net/http handler takes the http.ResponseWriter first"
	}
	if len(s.Params) != 2 || s.Params[0].Kind != KindResponseWriter || s.Params[1].Kind != KindRequest {
		return Plan{}, true, "it takes part of an HTTP request; a net/http handler takes exactly (http.ResponseWriter, *http.Request)"
	}
	if len(s.Results) > 0 {
		return Plan{}, true, fmt.Sprintf("it returns %s; a net/http handler returns nothing and writes its answer to the http.ResponseWriter", resultsText(s))
	}
	return Plan{Contract: HTTP, Input: -1, Result: -1, Error: -1}, true, ""
}

func resultsText(s Signature) string {
	switch len(s.Results) {
	case 0:
		return "nothing"
	case 1:
		return s.Results[0].Name
	}
	names := make([]string, len(s.Results))
	for i, r := range s.Results {
		names[i] = r.Name
	}
	return "(" + strings.Join(names, ", ") + ")"
}
