package serving

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/handoffimpl"
)

// Event serves a background function checked by handoffimpl.CheckEvent. The event may
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
		legacy, err := handoffimpl.DecodeLegacy(r.Header, body)
		if err != nil {
			writeError(w, http.StatusBadRequest, statusCrash, fmt.Sprintf("Error: %s, parsing background event: %s", err, body))
			return
		}
		data := reflect.New(dataType)
		if err := json.Unmarshal(legacy.Data, data.Interface()); err != nil {
			writeError(w, http.StatusBadRequest, statusCrash, fmt.Sprintf("Error: %s, while converting event data: %s", err, legacy.Data))
			return
		}
		ctx := handoffimpl.WithMetadata(r.Context(), legacy)
		tracked := handoffimpl.TrackAnswer(w, r)
		defer recoverInto(tracked)
		if err, _ := value.Call([]reflect.Value{reflect.ValueOf(ctx), data.Elem()})[0].Interface().(error); err != nil {
			writeError(tracked, http.StatusInternalServerError, statusError, functionError(err))
		}
	})
}
