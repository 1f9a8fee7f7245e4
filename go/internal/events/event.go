package events

import (
	"encoding/json"
	"time"
)

// Event is a decoded event, whatever form it came in.
type Event struct {
	ID              string
	Source          string
	SpecVersion     string
	Type            string
	Subject         string
	Time            time.Time
	DataContentType string
	DataSchema      string
	// Data is the payload: JSON text for JSON events, the raw bytes otherwise.
	Data []byte
	// Extensions are the CloudEvents extension attributes, as strings.
	Extensions map[string]string
	// Resource is the legacy envelope's resource (a string or an object), as JSON.
	Resource json.RawMessage
	// Form says which form the event came in.
	Form Form
}

// Form is the wire form of an event.
type Form string

const (
	CloudEventBinary     Form = "cloudevent-binary"
	CloudEventStructured Form = "cloudevent-structured"
	LegacyNested         Form = "legacy"
	LegacyFlat           Form = "legacy-flat"
	PubSubPush           Form = "pubsub-push"
)

// An Error is input that is not an event, or a malformed one.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

func fail(format string, args ...any) error {
	return &Error{Reason: sprintf(format, args...)}
}
