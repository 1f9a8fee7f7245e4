package entrypoint

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/go-handoff/go-handoff/internal/events"
)

// legacyEvent is Cloud Functions' legacy background event.
//
// Interim: it mirrors events.Legacy, which wip-events adds with GCF's whole
// mapping; once that is merged, this file goes and legacyOf calls
// (*events.Event).Legacy. Until then, it converts the two CloudEvents the
// first-generation samples handle (Pub/Sub and Cloud Storage) and keeps the
// rest as they came.
type legacyEvent struct {
	EventID   string
	Timestamp string
	EventType string
	Resource  json.RawMessage
	Data      json.RawMessage
}

func legacyOf(ev *events.Event) (legacyEvent, error) {
	l := legacyEvent{EventID: ev.ID, EventType: ev.Type, Resource: ev.Resource, Data: ev.Data}
	if !ev.Time.IsZero() {
		l.Timestamp = ev.Time.UTC().Format(time.RFC3339Nano)
	}
	switch ev.Form {
	case events.LegacyNested, events.LegacyFlat:
		return l, nil
	}
	resource := func(service, name, kind string) json.RawMessage {
		b, _ := json.Marshal(map[string]string{"service": service, "name": name, "type": kind})
		return b
	}
	switch {
	case ev.Type == "google.cloud.pubsub.topic.v1.messagePublished":
		l.EventType = "google.pubsub.topic.publish"
		l.Resource = resource("pubsub.googleapis.com", strings.TrimPrefix(ev.Source, "//pubsub.googleapis.com/"), "type.googleapis.com/google.pubsub.v1.PubsubMessage")
		var wrapped struct {
			Message json.RawMessage `json:"message"`
		}
		if json.Unmarshal(ev.Data, &wrapped) == nil && wrapped.Message != nil {
			l.Data = wrapped.Message
		}
	case strings.HasPrefix(ev.Type, "google.cloud.storage.object.v1."):
		l.EventType = map[string]string{
			"finalized": "google.storage.object.finalize", "deleted": "google.storage.object.delete",
			"archived": "google.storage.object.archive", "metadataUpdated": "google.storage.object.metadataUpdate",
		}[strings.TrimPrefix(ev.Type, "google.cloud.storage.object.v1.")]
		if l.EventType == "" {
			l.EventType = ev.Type
		}
		l.Resource = resource("storage.googleapis.com", strings.TrimPrefix(ev.Source, "//storage.googleapis.com/")+"/"+ev.Subject, "storage#object")
	default:
		if l.Resource == nil && ev.Source != "" {
			l.Resource, _ = json.Marshal(ev.Source)
		}
	}
	return l, nil
}
