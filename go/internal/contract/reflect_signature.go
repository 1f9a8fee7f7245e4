package contract

import (
	"context"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/internal/api"
	"github.com/go-handoff/go-handoff/internal/api/eawsy"
)

var (
	contextType        = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType          = reflect.TypeOf((*error)(nil)).Elem()
	responseWriterType = reflect.TypeOf((*http.ResponseWriter)(nil)).Elem()
	requestType        = reflect.TypeOf(http.Request{})
	bytesType          = reflect.TypeOf([]byte(nil))
)

// signatureOf reduces a function type to the Signature the rules read.
func signatureOf(t reflect.Type) Signature {
	s := Signature{Variadic: t.IsVariadic()}
	for i := 0; i < t.NumIn(); i++ {
		s.Params = append(s.Params, typeOf(t.In(i), true))
	}
	for i := 0; i < t.NumOut(); i++ {
		s.Results = append(s.Results, typeOf(t.Out(i), false))
	}
	return s
}

func typeOf(t reflect.Type, isParam bool) Type {
	kind := KindValue
	switch {
	case t == contextType:
		kind = KindContext
	case t == errorType:
		kind = KindError
	case t == responseWriterType:
		kind = KindResponseWriter
	case t == reflect.PointerTo(requestType):
		kind = KindRequest
	case t == requestType:
		kind = KindRequestValue
	case t == bytesType:
		// Only []byte itself: json.RawMessage is JSON and decoded as such.
		kind = KindBytes
	case contextTypes[t] != nil:
		kind = KindInvocation
	case contextTypes[reflect.PointerTo(t)] != nil:
		kind = KindInvocationValue
	case eventTypes[t] != nil:
		kind = KindEvent
	case !encodable(t, isParam, 0):
		kind = KindUnencodable
	}
	return Type{Kind: kind, Name: typeName(t), TakesContext: contextType.AssignableTo(t), IsError: t.AssignableTo(errorType)}
}

// The public names of the packages whose types the public packages declare
// as aliases: reflect knows only the internal names.
var publicPackages = map[string]string{
	reflect.TypeFor[api.Context]().PkgPath():   "handoff",
	reflect.TypeFor[eawsy.Context]().PkgPath(): "runtime",
}

// typeName is t as the user's code names it, for messages: *handoff.Context
// rather than *api.Context.
func typeName(t reflect.Type) string {
	base, pointers := t, ""
	for base.Kind() == reflect.Pointer {
		base, pointers = base.Elem(), pointers+"*"
	}
	if public, ok := publicPackages[base.PkgPath()]; ok && base.Name() != "" {
		return pointers + public + "." + base.Name()
	}
	return t.String()
}

// encodable reports whether encoding/json can carry a value of type t. An
// input must also be decodable into: not an interface with methods. Struct
// fields are not looked into (json skips what it cannot encode only there
// with an error at run time, as usual); depth stops recursive types.
func encodable(t reflect.Type, asInput bool, depth int) bool {
	if depth > 8 {
		return true
	}
	switch t.Kind() {
	case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return false
	case reflect.Interface:
		return !asInput || t.NumMethod() == 0
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return encodable(t.Elem(), asInput, depth+1)
	}
	return true
}
