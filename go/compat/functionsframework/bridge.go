package functionsframework

import (
	"context"
	"encoding/json"
	"net/http"
	"os"

	"github.com/go-handoff/go-handoff/handoff"
	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/disclosure"
	"github.com/go-handoff/go-handoff/internal/entrypoint"
	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/target"
)

// Signatures of the functions functions-framework-go registers, as the
// SDK's target selection names them.
const (
	HTTP       = "http"
	CloudEvent = "cloudevent"
	Event      = "event"
)

// Register records fn, served when the host's target is name. fn is an
// http.Handler for the functions the stand-in serves itself, or a
// background function func(context.Context, T) error.
func Register(name string, fn any, signature string) {
	entrypoint.Register(name, fn, entrypoint.Signature(signature))
}

// Target is the function the host asks for: GO_HANDOFF_TARGET (the
// loader's copy of functions-framework's --target), else FUNCTION_TARGET.
func Target() string {
	if target := os.Getenv("GO_HANDOFF_TARGET"); target != "" {
		return target
	}
	return os.Getenv("FUNCTION_TARGET")
}

// DecodeEvent decodes the event a request carries (body already read): a
// CloudEvent in binary or structured mode, or a legacy background event,
// whose attributes are then the CloudEvent ones by Cloud Functions' mapping.
// The error says what is missing or malformed, for a 400.
func DecodeEvent(header http.Header, body []byte) (*handoff.Event, error) {
	ev, err := events.FromHTTP(header, body)
	if err != nil {
		return nil, err
	}
	var resource json.RawMessage
	if legacy, err := ev.Legacy(); err == nil {
		resource = legacy.Resource
	}
	return &handoff.Event{
		ID:              ev.ID,
		Type:            ev.Type,
		Source:          ev.Source,
		Subject:         ev.Subject,
		SpecVersion:     ev.SpecVersion,
		DataSchema:      ev.DataSchema,
		Time:            ev.Time,
		DataContentType: ev.DataContentType,
		Data:            ev.Data,
		Extensions:      ev.Extensions,
		Resource:        resource,
	}, nil
}

// Legacy is an event as Cloud Functions' legacy background event.
type Legacy = events.Legacy

// DecodeLegacy decodes the event a request carries as a legacy background
// event: as it came, or converted back from a CloudEvent by Cloud
// Functions' mapping.
func DecodeLegacy(header http.Header, body []byte) (Legacy, error) {
	legacy, err := events.LegacyFromHTTP(header, body)
	if err != nil {
		return Legacy{}, err
	}
	return legacy, nil
}

// WithMetadata returns ctx carrying the legacy event's metadata, which
// cloud.google.com/go/functions/metadata.FromContext reads.
func WithMetadata(ctx context.Context, legacy Legacy) context.Context {
	return entrypoint.WithMetadata(ctx, legacy.EventID, legacy.Timestamp, legacy.EventType, legacy.Resource)
}

// NoSuchTarget is the message for a target that names none of names, in
// the words the generated main's Serve and the build use.
func NoSuchTarget(name string, names []string) string {
	return (&target.Error{Target: name, Names: names}).Error()
}

// NoSuchTargetHandler answers every request 500 for a target that names
// none of names, as the generated main's Serve does: the names in
// development, the code alone in production (GO_HANDOFF_ERRORS, NODE_ENV).
func NoSuchTargetHandler(name string, names []string) http.Handler {
	return entrypoint.Unservable(entrypoint.TargetErrorCode, NoSuchTarget(name, names), disclosure.Plain(os.Getenv))
}

// BodyTooLarge is go-handoff's 413 message for a body over limit.
func BodyTooLarge(limit int64) string { return contract.BodyTooLarge(limit) }

// IsBodyTooSlow says whether reading a body failed because the client sent
// it too slowly (408, with the error's message).
func IsBodyTooSlow(err error) bool { return contract.IsBodyTooSlow(err) }

// TrackedAnswer notes how far a handler's answer has gone, for what a panic
// may still do with it.
type TrackedAnswer = contract.TrackedAnswer

// TrackAnswer wraps w, the writer of r's answer.
func TrackAnswer(w http.ResponseWriter, r *http.Request) *TrackedAnswer {
	return contract.TrackAnswer(w, r)
}
