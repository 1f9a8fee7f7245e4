package events

import (
	"encoding/json"
	"strings"
	"time"
)

// legacyContext is the metadata of a legacy background event.
type legacyContext struct {
	EventID   string          `json:"eventId"`
	Timestamp string          `json:"timestamp"`
	EventType string          `json:"eventType"`
	Resource  json.RawMessage `json:"resource"`
}

// fromLegacy reads the envelope Cloud Functions' first runtimes sent to
// background functions, with the context nested or flat.
func fromLegacy(fields map[string]json.RawMessage) (*Event, error) {
	var ctx legacyContext
	form := LegacyFlat
	if raw, nested := fields["context"]; nested {
		form = LegacyNested
		if err := json.Unmarshal(raw, &ctx); err != nil {
			return nil, fail("the legacy event's context is not an object with eventId, timestamp, eventType and resource: %v", err)
		}
	} else {
		// Flat: the same fields at the top level.
		for name, target := range map[string]any{"eventId": &ctx.EventID, "timestamp": &ctx.Timestamp, "eventType": &ctx.EventType} {
			if raw, ok := fields[name]; ok {
				if err := json.Unmarshal(raw, target); err != nil {
					return nil, fail("the legacy event's %s must be a string: %v", name, err)
				}
			}
		}
		ctx.Resource = fields["resource"]
	}
	if ctx.EventID == "" || ctx.EventType == "" {
		return nil, fail("the legacy event has no eventId or no eventType")
	}
	ev := &Event{
		ID:       ctx.EventID,
		Type:     ctx.EventType,
		Source:   legacySource(ctx.Resource),
		Resource: ctx.Resource,
		Data:     fields["data"],
		Form:     form,
	}
	if ev.Data != nil {
		ev.DataContentType = "application/json"
	}
	if ctx.Timestamp != "" {
		t, err := time.Parse(time.RFC3339Nano, ctx.Timestamp)
		if err != nil {
			return nil, fail("the legacy event's timestamp %q is not an RFC 3339 timestamp", ctx.Timestamp)
		}
		ev.Time = t
	}
	return ev, nil
}

// legacySource names where a legacy event came from, as a CloudEvent source:
// "//<service>/<name>" when the resource says both, else the resource string.
func legacySource(resource json.RawMessage) string {
	var name string
	if json.Unmarshal(resource, &name) == nil {
		return name
	}
	var object struct{ Service, Name string }
	if json.Unmarshal(resource, &object) == nil && object.Name != "" {
		if object.Service != "" {
			return "//" + object.Service + "/" + strings.TrimPrefix(object.Name, "/")
		}
		return object.Name
	}
	return ""
}

// fromPubSubPush reads a Pub/Sub push request, which carries one message and
// the subscription it came through, and makes it the Pub/Sub CloudEvent
// Eventarc would have sent.
func fromPubSubPush(fields map[string]json.RawMessage) (*Event, error) {
	var message struct {
		MessageID   string `json:"messageId"`
		PublishTime string `json:"publishTime"`
	}
	if err := json.Unmarshal(fields["message"], &message); err != nil {
		return nil, fail("the Pub/Sub push request's message is not an object: %v", err)
	}
	var subscription string
	_ = json.Unmarshal(fields["subscription"], &subscription)
	data, _ := json.Marshal(map[string]json.RawMessage{"message": fields["message"], "subscription": fields["subscription"]})
	ev := &Event{
		ID:              message.MessageID,
		SpecVersion:     "1.0",
		Type:            "google.cloud.pubsub.topic.v1.messagePublished",
		Source:          "//pubsub.googleapis.com/" + subscription,
		DataContentType: "application/json",
		Data:            data,
		Form:            PubSubPush,
	}
	if t, err := time.Parse(time.RFC3339Nano, message.PublishTime); err == nil {
		ev.Time = t
	}
	return ev, nil
}
