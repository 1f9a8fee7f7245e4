package handoffimpl

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"reflect"

	"github.com/go-handoff/go-handoff/internal/api"
	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/disclosure"
	"github.com/go-handoff/go-handoff/internal/entrypoint"
	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/target"
)

// What the stand-in for functions-framework-go (compat/functions-framework-go)
// calls: the SDK's registry of functions and its choice of target, its
// decoding of events, and its rules and answers, so that a function
// registered with functions-framework-go's API is served by the same code
// as one go-handoff found itself.

// Signature says how a registered function is called (internal/entrypoint).
type Signature = entrypoint.Signature

// The signatures of the functions functions-framework-go registers.
const (
	SignatureHTTP       = entrypoint.HTTP
	SignatureCloudEvent = entrypoint.CloudEvent
	SignatureEvent      = entrypoint.Event
)

// Register records fn, served when the host's target is name. fn is an
// http.Handler for the functions the stand-in serves itself, or a
// background function func(context.Context, T) error.
func Register(name string, fn any, signature Signature) {
	entrypoint.Register(name, fn, signature)
}

// Target is the function the host asks for ("" when it names none).
func Target() string {
	name, _ := target.FromEnvironment(os.Getenv)
	return name
}

// NoSuchTarget logs, once, that the host's target names none of names, and
// returns what every request then gets: a 500 saying so (in production,
// GO_HANDOFF_ERRORS or NODE_ENV, only the error's code), as the generated
// main's Serve answers. The host stays up, and the cause is in the logs.
func NoSuchTarget(name string, names []string) http.Handler {
	reason := (&target.Error{Target: name, Names: names}).Error()
	logging.SDK(logging.Error, "%s", reason)
	return entrypoint.Unservable(entrypoint.TargetErrorCode, reason, disclosure.Plain(os.Getenv))
}

// DecodeEvent decodes the event a request carries (body already read): a
// CloudEvent in binary or structured mode, or a legacy background event,
// whose attributes are then the CloudEvent ones by Cloud Functions' mapping.
// It is the handoff.Event an event function would get. The error says what
// is missing or malformed, for a 400.
func DecodeEvent(header http.Header, body []byte) (*api.Event, error) {
	ev, err := events.FromHTTP(header, body)
	if err != nil {
		return nil, err
	}
	e := api.EventOf(ev)
	return &e, nil
}

// Legacy is an event as Cloud Functions' legacy background event.
type Legacy = events.Legacy

// DecodeLegacy decodes the event a request carries as a legacy background
// event: as it came, or converted back from a CloudEvent by Cloud
// Functions' mapping.
func DecodeLegacy(header http.Header, body []byte) (Legacy, error) {
	return events.LegacyFromHTTP(header, body)
}

// WithMetadata returns ctx carrying the legacy event's metadata, which
// cloud.google.com/go/functions/metadata.FromContext reads.
func WithMetadata(ctx context.Context, legacy Legacy) context.Context {
	return entrypoint.WithMetadata(ctx, legacy.EventID, legacy.Timestamp, legacy.EventType, legacy.Resource)
}

// CheckTyped applies functions-framework-go's rules for typed functions
// (functions.Typed) to fn, as the build applies them to the source.
func CheckTyped(fn any) error { return checkRegistered(fn, contract.FunctionsFrameworkTyped) }

// CheckEvent applies functions-framework-go's rules for background
// functions (funcframework.RegisterEventFunctionContext) to fn, as the
// build applies them to the source.
func CheckEvent(fn any) error { return checkRegistered(fn, contract.FunctionsFrameworkEvent) }

func checkRegistered(fn any, rules func(contract.Signature) error) error {
	t := reflect.TypeOf(fn)
	if t == nil || t.Kind() != reflect.Func {
		return fmt.Errorf("expected a function, got %T", fn)
	}
	return rules(contract.SignatureOf(t))
}

// The X-Google-Status header and its values, as every answer go-handoff
// writes for a function sets them.
const (
	GoogleStatusHeader = contract.GoogleStatusHeader
	GoogleStatusError  = contract.GoogleStatusError
	GoogleStatusCrash  = contract.GoogleStatusCrash
)

// BodyReadFailure is go-handoff's answer to a failed read of a request
// body: 413 past its body limit, 408 for a client too slow, 400 otherwise.
func BodyReadFailure(err error) (status int, message string) { return contract.BodyReadFailure(err) }

// TrackedAnswer notes how far a handler's answer has gone, for what a panic
// may still do with it.
type TrackedAnswer = contract.TrackedAnswer

// TrackAnswer wraps w, the writer of r's answer.
func TrackAnswer(w http.ResponseWriter, r *http.Request) *TrackedAnswer {
	return contract.TrackAnswer(w, r)
}
