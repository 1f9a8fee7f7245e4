package serving

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"

	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/go-handoff/go-handoff/handoff"
	"github.com/go-handoff/go-handoff/handoffimpl"
)

// CloudEvent serves a CloudEvent function. The event may come as a
// CloudEvent (binary or structured mode) or as a legacy background event,
// converted by Cloud Functions' mapping. Like functions-framework-go (which
// serves them through the CloudEvents SDK's receiver): 200 with no body once
// handled; an error or a panic gives 500 with no body, the error on stderr;
// an event that is malformed or misses a required attribute gives 400.
func CloudEvent(fn func(context.Context, event.Event) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := readBody(w, r, "")
		if !ok {
			return
		}
		decoded, err := handoffimpl.DecodeEvent(r.Header, body)
		if err != nil {
			if !isCloudEventRequest(r.Header) {
				// A legacy event it could not convert (a type the mapping does
				// not know, say): functions-framework-go answers 400 with
				// X-Google-Status: crash, before its CloudEvents receiver.
				writeError(w, http.StatusBadRequest, statusCrash, err.Error())
				return
			}
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		ce, err := ToCloudEvent(decoded)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if err := callCloudEvent(r.Context(), fn, ce); err != nil {
			fmt.Fprint(os.Stderr, functionError(err)+"\n")
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}

// isCloudEventRequest: what functions-framework-go hands to its CloudEvents
// receiver as it is (a ce-id header, or a cloudevents media type); anything
// else it first converts as a legacy event.
func isCloudEventRequest(h http.Header) bool {
	return h.Get("Ce-Id") != "" || strings.Contains(h.Get("Content-Type"), "cloudevents")
}

// callCloudEvent runs the function, turning a panic into an error.
func callCloudEvent(ctx context.Context, fn func(context.Context, event.Event) error, ce event.Event) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			logPanic(recovered)
			err = fmt.Errorf("panic: %v", recovered)
		}
	}()
	return fn(ctx, ce)
}

// ToCloudEvent makes the CloudEvents SDK's event.Event of a decoded event,
// and validates it as the SDK's receiver does.
func ToCloudEvent(e *handoff.Event) (event.Event, error) {
	specVersion := e.SpecVersion
	if specVersion == "" {
		specVersion = event.CloudEventsVersionV1
	}
	ce := event.New(specVersion)
	ce.SetID(e.ID)
	ce.SetType(e.Type)
	ce.SetSource(e.Source)
	if e.Subject != "" {
		ce.SetSubject(e.Subject)
	}
	if !e.Time.IsZero() {
		ce.SetTime(e.Time)
	}
	if e.DataSchema != "" {
		ce.SetDataSchema(e.DataSchema)
	}
	if e.DataContentType != "" {
		ce.SetDataContentType(e.DataContentType)
	}
	for name, value := range e.Extensions {
		ce.SetExtension(name, value)
	}
	if len(e.Data) > 0 {
		ce.DataEncoded = e.Data
	}
	if err := ce.Validate(); err != nil {
		return event.Event{}, fmt.Errorf("the CloudEvent is not valid: %v", err)
	}
	return ce, nil
}
