package entrypoint

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/events"
)

// background serves a first-generation background function,
// func(ctx context.Context, e T) error: it gets the legacy event's data
// decoded into T, however the event came (a CloudEvent is converted to the
// legacy event by GCF's mapping), and a context carrying the event's
// metadata. It answers as Cloud Functions does: 200 once handled, 500 with
// X-Google-Status: error when the function fails (the sender delivers the
// event again), 400 for what is not an event. Panics, deadlines and the body
// limit are the net/http contract's, which serves this handler.
type background struct {
	name      string
	fn        reflect.Value
	inputType reflect.Type
}

func newBackground(name string, fn any) *background {
	value := reflect.ValueOf(fn)
	return &background{name: name, fn: value, inputType: value.Type().In(1)}
}

// input decodes the event's data into the function's T (its zero value when
// the event has none).
func (b *background) input(legacy events.Legacy) (reflect.Value, error) {
	input := reflect.New(b.inputType)
	if len(legacy.Data) > 0 {
		if err := json.Unmarshal(legacy.Data, input.Interface()); err != nil {
			return reflect.Value{}, fmt.Errorf("the data of event %s (%s) is not valid JSON for %s, the input of %s: %v", legacy.EventID, legacy.EventType, b.inputType, b.name, err)
		}
	}
	return input.Elem(), nil
}

// call runs the function with the event's metadata in its context.
func (b *background) call(ctx context.Context, legacy events.Legacy, input reflect.Value) error {
	ctx = WithMetadata(ctx, legacy.EventID, legacy.Timestamp, legacy.EventType, legacy.Resource)
	failure, _ := b.fn.Call([]reflect.Value{reflect.ValueOf(&ctx).Elem(), input})[0].Interface().(error)
	return failure
}

// payloadFunction is the function as the Lambda Runtime API loop calls it,
// with no HTTP request: the invocation's payload is the event (a legacy
// event or a structured CloudEvent, as JSON), and an error is the
// invocation's.
func (b *background) payloadFunction() func(context.Context, json.RawMessage) error {
	header := http.Header{"Content-Type": {"application/json"}}
	return func(ctx context.Context, payload json.RawMessage) error {
		legacy, err := events.LegacyFromHTTP(header, payload)
		if err != nil {
			return err
		}
		input, err := b.input(legacy)
		if err != nil {
			return err
		}
		return b.call(ctx, legacy, input)
	}
}

func (b *background) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		status, message := contract.BodyReadFailure(err)
		http.Error(w, message, status)
		return
	}
	// A legacy event as it came (whatever its type, as functions-framework-go
	// gives it); a CloudEvent converted back by Cloud Functions' mapping.
	legacy, err := events.LegacyFromHTTP(r.Header, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	input, err := b.input(legacy)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if failure := b.call(r.Context(), legacy, input); failure != nil {
		w.Header().Set(contract.GoogleStatusHeader, contract.GoogleStatusError)
		http.Error(w, failure.Error(), http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}
