package api

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/go-handoff/go-handoff/internal/events"
)

// Event is handoff.Event, documented there.
type Event struct {
	// ID is the CloudEvent id (a legacy event's eventId).
	ID string
	// Type is the CloudEvent type, such as google.cloud.pubsub.topic.v1.messagePublished.
	Type string
	// Source is the CloudEvent source, such as //pubsub.googleapis.com/projects/p/topics/t.
	Source string
	// Subject is the CloudEvent subject, such as objects/folder/file.txt for
	// a Cloud Storage event ("" where the event type has none).
	Subject string
	// SpecVersion and DataSchema are CloudEvent attributes.
	SpecVersion string
	DataSchema  string
	// Time is the CloudEvent time (a legacy event's timestamp).
	Time time.Time
	// DataContentType is the type of Data, usually application/json.
	DataContentType string
	// Data is the event's payload: JSON text for JSON events.
	Data []byte
	// Extensions are the CloudEvent's other attributes.
	Extensions map[string]string
	// Resource is the legacy event's resource (a string or an object), as
	// JSON: as it came for a legacy event, else converted back (see Legacy).
	Resource json.RawMessage

	// arrived is the decoded event, for Legacy.
	arrived *events.Event
}

// LegacyEvent is handoff.LegacyEvent.
type LegacyEvent struct {
	EventID   string          `json:"eventId"`
	Timestamp string          `json:"timestamp"` // RFC 3339
	EventType string          `json:"eventType"` // such as google.pubsub.topic.publish
	Resource  json.RawMessage `json:"resource"`  // a string or an object
	// Data is the legacy data; for Pub/Sub, the message itself.
	Data json.RawMessage `json:"-"`
}

// Legacy gives the event as a background function gets it: as it came, for
// a legacy event; converted back by Cloud Functions' mapping, for a
// CloudEvent (google.cloud.storage.object.v1.finalized becomes
// google.storage.object.finalize, and so on). A CloudEvent of a type the
// mapping does not know keeps its type and source.
func (e *Event) Legacy() (LegacyEvent, error) {
	ev := e.arrived
	if ev == nil || ev.ID != e.ID || ev.Type != e.Type || ev.Source != e.Source {
		// Made or changed by the caller: convert what the fields say.
		ev = &events.Event{ID: e.ID, Type: e.Type, Source: e.Source, Subject: e.Subject, Time: e.Time,
			SpecVersion: e.SpecVersion, DataContentType: e.DataContentType, Data: e.Data}
	}
	l, err := ev.Legacy()
	if err != nil {
		return LegacyEvent{}, fmt.Errorf("handoff: event %s (%s) has no legacy form: %w", e.ID, e.Type, err)
	}
	return LegacyEvent{EventID: l.EventID, Timestamp: l.Timestamp, EventType: l.EventType, Resource: l.Resource, Data: l.Data}, nil
}

// DataAs decodes the event's data, as JSON, into v.
func (e *Event) DataAs(v any) error {
	if err := json.Unmarshal(e.Data, v); err != nil {
		return fmt.Errorf("handoff: the data of event %s (%s) is not JSON for %T: %w", e.ID, e.Type, v, err)
	}
	return nil
}

// PubSubMessage is handoff.PubSubMessage.
type PubSubMessage struct {
	Data        []byte            `json:"data"`
	Attributes  map[string]string `json:"attributes"`
	MessageID   string            `json:"messageId"`
	PublishTime time.Time         `json:"publishTime"`
	OrderingKey string            `json:"orderingKey"`
	// Subscription names the subscription it came through, when the event says.
	Subscription string `json:"subscription"`
}

// PubSubMessage reads the event's data as a Pub/Sub message. It understands
// the CloudEvents form ({"message": {...}, "subscription": ...}) and the
// legacy one (the message itself, its id in the event).
func (e *Event) PubSubMessage() (*PubSubMessage, error) {
	var wrapped struct {
		Message      *json.RawMessage `json:"message"`
		Subscription string           `json:"subscription"`
	}
	if err := json.Unmarshal(e.Data, &wrapped); err != nil {
		return nil, fmt.Errorf("handoff: event %s (%s) does not hold a Pub/Sub message: %w", e.ID, e.Type, err)
	}
	raw := e.Data
	if wrapped.Message != nil {
		raw = *wrapped.Message
	}
	var m struct {
		Data        string            `json:"data"`
		Attributes  map[string]string `json:"attributes"`
		MessageID   string            `json:"messageId"`
		PublishTime string            `json:"publishTime"`
		OrderingKey string            `json:"orderingKey"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("handoff: event %s (%s) does not hold a Pub/Sub message: %w", e.ID, e.Type, err)
	}
	data, err := base64.StdEncoding.DecodeString(m.Data)
	if err != nil {
		return nil, fmt.Errorf("handoff: the Pub/Sub message of event %s is not base64: %w", e.ID, err)
	}
	msg := &PubSubMessage{Data: data, Attributes: m.Attributes, MessageID: m.MessageID, OrderingKey: m.OrderingKey, Subscription: wrapped.Subscription}
	if msg.MessageID == "" {
		msg.MessageID = e.ID // legacy events carry it as the event id
	}
	msg.PublishTime = e.Time
	if t, err := time.Parse(time.RFC3339Nano, m.PublishTime); err == nil {
		msg.PublishTime = t
	}
	return msg, nil
}

// StorageObject is handoff.StorageObject.
type StorageObject struct {
	Bucket         string            `json:"bucket"`
	Name           string            `json:"name"`
	ContentType    string            `json:"contentType"`
	Size           int64             `json:"-"`
	Generation     string            `json:"generation"`
	Metageneration string            `json:"metageneration"`
	StorageClass   string            `json:"storageClass"`
	MD5Hash        string            `json:"md5Hash"`
	CRC32C         string            `json:"crc32c"`
	MediaLink      string            `json:"mediaLink"`
	SelfLink       string            `json:"selfLink"`
	Metadata       map[string]string `json:"metadata"`
	TimeCreated    time.Time         `json:"timeCreated"`
	Updated        time.Time         `json:"updated"`
	TimeDeleted    time.Time         `json:"-"`
}

// StorageObject reads the event's data as a Cloud Storage object.
func (e *Event) StorageObject() (*StorageObject, error) {
	var o struct {
		StorageObject
		Size        json.Number `json:"size"`
		TimeDeleted string      `json:"timeDeleted"`
	}
	if err := json.Unmarshal(e.Data, &o); err != nil {
		return nil, fmt.Errorf("handoff: event %s (%s) does not hold a storage object: %w", e.ID, e.Type, err)
	}
	if o.Bucket == "" || o.Name == "" {
		return nil, fmt.Errorf("handoff: event %s (%s) does not hold a storage object: no bucket or name", e.ID, e.Type)
	}
	object := o.StorageObject
	// The JSON API sends sizes as strings ("1024"), some emulators as numbers.
	if o.Size != "" {
		size, err := strconv.ParseInt(string(o.Size), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("handoff: the storage object of event %s has size %q, not a number", e.ID, o.Size)
		}
		object.Size = size
	}
	object.TimeDeleted, _ = time.Parse(time.RFC3339Nano, o.TimeDeleted)
	return &object, nil
}

// EventOf is the Event a function gets for a decoded event: every
// attribute of the CloudEvent, the legacy resource, and the event as it
// came, for Legacy.
func EventOf(ev *events.Event) Event {
	e := Event{
		ID: ev.ID, Type: ev.Type, Source: ev.Source, Subject: ev.Subject, SpecVersion: ev.SpecVersion,
		DataSchema: ev.DataSchema, Time: ev.Time, DataContentType: ev.DataContentType, Data: ev.Data,
		Extensions: ev.Extensions, arrived: ev,
	}
	if l, err := ev.Legacy(); err == nil {
		e.Resource = l.Resource
	}
	return e
}
