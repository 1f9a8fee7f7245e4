package events

import (
	"encoding/json"
	"time"
)

// Event is a decoded event as a CloudEvent, whatever form it came in: a
// legacy background event is converted by Cloud Functions' mapping (see
// mapping.go), so ID, Type, Source, Subject, Time, DataContentType and Data
// are always the CloudEvent's.
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
	// Form says which form the event came in.
	Form Form

	// arrived is the legacy event as it came, when it came as one: its
	// legacy view is that, not a conversion back.
	arrived *Legacy
}

// Legacy is the event as Cloud Functions' legacy background event: the
// "context" and "data" a background function gets.
type Legacy struct {
	EventID   string
	Timestamp string          // RFC 3339
	EventType string          // e.g. google.pubsub.topic.publish
	Resource  json.RawMessage // a string or an object, as the legacy event had it
	Data      json.RawMessage // the legacy data (Pub/Sub: the message itself)
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
