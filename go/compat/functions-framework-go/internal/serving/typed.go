package serving

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/compat/functionsframework"
)

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// CheckTyped applies functions-framework-go's rules for typed functions:
// one argument, decoded from the JSON body, and at most two results, the
// last of them an error.
func CheckTyped(fn any) error {
	t := reflect.TypeOf(fn)
	if t == nil || t.Kind() != reflect.Func {
		return fmt.Errorf("expected a function, got %T", fn)
	}
	if t.NumIn() != 1 {
		return fmt.Errorf("expected function to have one parameter, found %d", t.NumIn())
	}
	if t.NumOut() > 2 {
		return fmt.Errorf("expected function to have maximum two return values")
	}
	if t.NumOut() > 0 && !t.Out(t.NumOut()-1).AssignableTo(errorType) {
		return fmt.Errorf("expected last return type to be of error")
	}
	return nil
}

// Typed serves a typed function checked by CheckTyped: the body decoded into
// its argument (400, X-Google-Status: crash, when it does not decode), its
// result as JSON, its error as 500 with X-Google-Status: error.
func Typed(fn any) http.Handler {
	value := reflect.ValueOf(fn)
	input := value.Type().In(0)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, statusCrash)
		if !ok {
			return
		}
		arg := reflect.New(input)
		if err := json.Unmarshal(body, arg.Interface()); err != nil {
			writeError(w, http.StatusBadRequest, statusCrash, "Error while converting input data. "+err.Error())
			return
		}
		tracked := functionsframework.TrackAnswer(w, r)
		defer recoverInto(tracked)
		results := value.Call([]reflect.Value{arg.Elem()})
		writeTypedResults(tracked, results)
	})
}

func writeTypedResults(w http.ResponseWriter, results []reflect.Value) {
	if len(results) == 0 {
		return
	}
	if err, _ := results[len(results)-1].Interface().(error); err != nil {
		writeError(w, http.StatusInternalServerError, statusError, functionError(err))
		return
	}
	if len(results) == 1 {
		return // only an error, and nil
	}
	body, err := json.Marshal(results[0].Interface())
	if err != nil {
		writeError(w, http.StatusInternalServerError, statusError, functionError(fmt.Errorf("the result could not be encoded as JSON: %w", err)))
		return
	}
	// functions-framework-go sets no Content-Type: net/http finds
	// text/plain for JSON text. Say what it is.
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}
