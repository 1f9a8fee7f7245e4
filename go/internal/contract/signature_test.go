package contract

import (
	"strings"
	"testing"
)

func ty(kind Kind, name string) Type { return Type{Kind: kind, Name: name} }

var (
	ctxT   = ty(KindContext, "context.Context")
	invT   = ty(KindInvocation, "*handoff.Context")
	wT     = ty(KindResponseWriter, "http.ResponseWriter")
	rT     = ty(KindRequest, "*http.Request")
	inT    = ty(KindValue, "main.Input")
	outT   = ty(KindValue, "main.Output")
	errT   = ty(KindError, "error")
	bytesT = ty(KindBytes, "[]uint8")
	evT    = ty(KindEvent, "handoff.Event")
)

func TestClassifyAccepts(t *testing.T) {
	tests := []struct {
		name string
		sig  Signature
		want Plan
	}{
		{"net/http", Signature{Params: []Type{wT, rT}}, Plan{Contract: HTTP, Input: -1, Result: -1, Error: -1}},
		{"aws-lambda-go", Signature{Params: []Type{ctxT, inT}, Results: []Type{outT, errT}}, Plan{Contract: Typed, Input: 1, Result: 0, Error: 1}},
		{"eawsy", Signature{Params: []Type{inT, invT}, Results: []Type{outT, errT}}, Plan{Contract: Typed, Input: 0, Result: 0, Error: 1}},
		{"no input, error only", Signature{Params: []Type{ctxT}, Results: []Type{errT}}, Plan{Contract: Typed, Input: -1, Result: -1, Error: 0}},
		{"nothing at all", Signature{}, Plan{Contract: Typed, Input: -1, Result: -1, Error: -1}},
		{"result only", Signature{Params: []Type{inT}, Results: []Type{outT}}, Plan{Contract: Typed, Input: 0, Result: 0, Error: -1}},
		{"both contexts", Signature{Params: []Type{ctxT, invT}, Results: []Type{errT}}, Plan{Contract: Typed, Input: -1, Result: -1, Error: 0}},
		{"ignite bytes", Signature{Params: []Type{bytesT, invT}, Results: []Type{bytesT, errT}}, Plan{Contract: Bytes, Input: 0, Result: 0, Error: 1}},
		{"bytes result, JSON input", Signature{Params: []Type{inT}, Results: []Type{bytesT, errT}}, Plan{Contract: Bytes, Input: 0, Result: 0, Error: 1}},
		{"raw input, JSON result", Signature{Params: []Type{bytesT}, Results: []Type{outT, errT}}, Plan{Contract: Typed, Input: 0, Result: 0, Error: 1}},
		{"event", Signature{Params: []Type{ctxT, evT}, Results: []Type{errT}}, Plan{Contract: Event, Input: 1, Result: -1, Error: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Classify(tt.sig)
			if err != nil {
				t.Fatalf("Classify(%s): %v", tt.sig, err)
			}
			if got != tt.want {
				t.Errorf("Classify(%s) = %+v, want %+v", tt.sig, got, tt.want)
			}
		})
	}
}

func TestClassifyRefusesWithOneMessagePerRule(t *testing.T) {
	tests := []struct {
		name string
		sig  Signature
		want string
	}{
		{"variadic", Signature{Params: []Type{inT}, Variadic: true}, "variadic"},
		{"request by value", Signature{Params: []Type{wT, ty(KindRequestValue, "http.Request")}}, "takes http.Request by value; a net/http handler takes *http.Request"},
		{"swapped", Signature{Params: []Type{rT, wT}}, "takes the http.ResponseWriter first"},
		{"request alone", Signature{Params: []Type{rT}}, "takes exactly (http.ResponseWriter, *http.Request)"},
		{"handler returning", Signature{Params: []Type{wT, rT}, Results: []Type{errT}}, "a net/http handler returns nothing"},
		{"three arguments", Signature{Params: []Type{ctxT, inT, invT}}, "takes 3 arguments; a function takes at most two"},
		{"two context.Context", Signature{Params: []Type{ctxT, ctxT}}, "takes two contexts (context.Context and context.Context)"},
		{"context by value", Signature{Params: []Type{ty(KindInvocationValue, "handoff.Context")}}, "takes handoff.Context by value; take a pointer, *handoff.Context"},
		{"two inputs", Signature{Params: []Type{inT, outT}}, "takes two inputs (main.Input and main.Output)"},
		{"error input", Signature{Params: []Type{errT}}, "takes an error as input"},
		{"channel input", Signature{Params: []Type{ty(KindUnencodable, "chan int")}}, "its input type chan int cannot be decoded from JSON"},
		{"three results", Signature{Results: []Type{outT, outT, errT}}, "returns 3 values; a function returns at most two"},
		{"second not error", Signature{Results: []Type{outT, outT}}, "returns (main.Output, main.Output); with two results, the second must be error"},
		{"error first", Signature{Results: []Type{errT, errT}}, "returns (error, error)"},
		{"func result", Signature{Results: []Type{ty(KindUnencodable, "func()")}}, "its result type func() cannot be encoded as JSON"},
		{"event with result", Signature{Params: []Type{ctxT, evT}, Results: []Type{outT, errT}}, "an event function returns only error"},
		{"event without error", Signature{Params: []Type{evT}}, "takes an event but returns nothing"},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Classify(tt.sig)
			if err == nil {
				t.Fatalf("Classify(%s) accepted it, want a refusal", tt.sig)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Classify(%s) = %q, want it to say %q", tt.sig, err, tt.want)
			}
			if _, ok := err.(*RuleError); !ok {
				t.Errorf("got a %T, want a *RuleError", err)
			}
		})
		_, err := Classify(tt.sig)
		if other, dup := seen[err.Error()]; dup && !strings.HasPrefix(tt.name, "event") {
			t.Errorf("%q and %q give the same message %q: one message per rule", other, tt.name, err)
		}
		seen[err.Error()] = tt.name
	}
}
