package entrypoint

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/internal/events"
)

// The X-Google-Status header functions-framework sets on a function's error.
const statusHeader, statusError = "X-Google-Status", "error"

// background serves a first-generation background function,
// func(ctx context.Context, e T) error: it gets the legacy event's data
// decoded into T, however the event came (a CloudEvent is converted to the
// legacy event by GCF's mapping), and a context carrying the event's
// metadata. It answers as Cloud Functions does: 200 once handled, 500 with
// X-Google-Status: error when the function fails (the sender delivers the
// event again), 400 for what is not an event. Panics, deadlines and the body
// limit are the net/http contract's, which serves this handler.
type background struct {
	name  string
	fn    reflect.Value
	input reflect.Type
}

func newBackground(name string, fn any) *background {
	value := reflect.ValueOf(fn)
	return &background{name: name, fn: value, input: value.Type().In(1)}
}

func (b *background) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			http.Error(w, fmt.Sprintf("the request body is larger than the limit of %d bytes (raise it with GO_HANDOFF_MAX_BODY_BYTES)", tooLarge.Limit), http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, "reading the request body: "+err.Error(), http.StatusBadRequest)
		return
	}
	// A legacy event as it came (whatever its type, as functions-framework-go
	// gives it); a CloudEvent converted back by Cloud Functions' mapping.
	legacy, err := events.LegacyFromHTTP(r.Header, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	input := reflect.New(b.input)
	if len(legacy.Data) > 0 {
		if err := json.Unmarshal(legacy.Data, input.Interface()); err != nil {
			http.Error(w, fmt.Sprintf("the data of event %s (%s) is not valid JSON for %s, the input of %s: %v", legacy.EventID, legacy.EventType, b.input, b.name, err), http.StatusBadRequest)
			return
		}
	}
	ctx := WithMetadata(r.Context(), legacy.EventID, legacy.Timestamp, legacy.EventType, legacy.Resource)
	results := b.fn.Call([]reflect.Value{reflect.ValueOf(&ctx).Elem(), input.Elem()})
	if failure, _ := results[0].Interface().(error); failure != nil {
		w.Header().Set(statusHeader, statusError)
		http.Error(w, failure.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
