package serving

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/compat/functionsframework"
)

var contextType = reflect.TypeOf((*context.Context)(nil)).Elem()

// CheckEvent applies functions-framework-go's rules for background
// functions: func(context.Context, T) error, T any type its data decodes
// into as JSON.
func CheckEvent(fn any) error {
	t := reflect.TypeOf(fn)
	switch {
	case t == nil || t.Kind() != reflect.Func:
		return fmt.Errorf("expected a function, got %T", fn)
	case t.NumIn() != 2:
		return fmt.Errorf("expected function to have two parameters, found %d", t.NumIn())
	case !contextType.AssignableTo(t.In(0)):
		return fmt.Errorf("expected first parameter to be context.Context, found %v", t.In(0))
	case t.NumOut() != 1 || !t.Out(0).AssignableTo(errorType):
		return fmt.Errorf("expected function to return only an error")
	}
	return nil
}

// Event serves a background function checked by CheckEvent. The event may
// come as a legacy event or as a CloudEvent (converted back by Cloud
// Functions' mapping); its data is decoded into the function's argument, and
// its context carries the event's metadata (metadata.FromContext).
// Answers as functions-framework-go's: 400 with X-Google-Status: crash for
// input it cannot decode, 500 with X-Google-Status: error for an error, and
// crash for a panic.
func Event(fn any) http.Handler {
	value := reflect.ValueOf(fn)
	dataType := value.Type().In(1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, statusCrash)
		if !ok {
			return
		}
		legacy, err := functionsframework.DecodeLegacy(r.Header, body)
		if err != nil {
			writeError(w, http.StatusBadRequest, statusCrash, fmt.Sprintf("Error: %s, parsing background event: %s", err, body))
			return
		}
		data := reflect.New(dataType)
		if err := json.Unmarshal(legacy.Data, data.Interface()); err != nil {
			writeError(w, http.StatusBadRequest, statusCrash, fmt.Sprintf("Error: %s, while converting event data: %s", err, legacy.Data))
			return
		}
		ctx := functionsframework.WithMetadata(r.Context(), legacy)
		tracked := functionsframework.TrackAnswer(w, r)
		defer recoverInto(tracked)
		if err, _ := value.Call([]reflect.Value{reflect.ValueOf(ctx), data.Elem()})[0].Interface().(error); err != nil {
			writeError(tracked, http.StatusInternalServerError, statusError, functionError(err))
		}
	})
}
