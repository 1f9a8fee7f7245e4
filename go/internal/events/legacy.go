package events

import (
	"encoding/json"
	"time"
)

// legacyContext is the metadata of a legacy background event.
type legacyContext struct {
	EventID   string          `json:"eventId"`
	Timestamp string          `json:"timestamp"`
	EventType string          `json:"eventType"`
	Resource  json.RawMessage `json:"resource"`
}

// isLegacy reports whether a JSON object is a legacy background event.
func isLegacy(fields map[string]json.RawMessage) bool {
	return fields["context"] != nil || fields["eventId"] != nil || fields["eventType"] != nil
}

// legacyEnvelope is a legacy event as it came, with what its conversion
// needs beyond the context and data.
type legacyEnvelope struct {
	Legacy
	form Form
	// domain is the top-level "domain" of Realtime Database events, which
	// says the database's location.
	domain *string
}

// parseLegacy reads the envelope Cloud Functions' first runtimes sent to
// background functions, with the context nested or flat. Where both say,
// the nested context wins (docs/mapping.md: "the first matching location").
func parseLegacy(fields map[string]json.RawMessage) (*legacyEnvelope, error) {
	var ctx legacyContext
	form := LegacyFlat
	if raw, nested := fields["context"]; nested {
		form = LegacyNested
		if err := json.Unmarshal(raw, &ctx); err != nil {
			return nil, fail("the legacy event's context is not an object with eventId, timestamp, eventType and resource: %v", err)
		}
	}
	for name, target := range map[string]*string{"eventId": &ctx.EventID, "timestamp": &ctx.Timestamp, "eventType": &ctx.EventType} {
		if raw, ok := fields[name]; ok && *target == "" {
			if err := json.Unmarshal(raw, target); err != nil {
				return nil, fail("the legacy event's %s must be a string: %v", name, err)
			}
		}
	}
	if ctx.Resource == nil {
		ctx.Resource = fields["resource"]
	}
	if ctx.EventID == "" || ctx.EventType == "" {
		return nil, fail("the legacy event has no eventId or no eventType (looked in context and at the top level)")
	}
	if ctx.Timestamp != "" {
		if _, err := time.Parse(time.RFC3339Nano, ctx.Timestamp); err != nil {
			return nil, fail("the legacy event's timestamp %q is not an RFC 3339 timestamp", ctx.Timestamp)
		}
	}
	env := &legacyEnvelope{
		Legacy: Legacy{EventID: ctx.EventID, Timestamp: ctx.Timestamp, EventType: ctx.EventType, Resource: ctx.Resource, Data: fields["data"]},
		form:   form,
	}
	if raw, ok := fields["domain"]; ok {
		var domain string
		if json.Unmarshal(raw, &domain) == nil {
			env.domain = &domain
		}
	}
	return env, nil
}

// legacyResource is a legacy event's resource: a string (the resource's
// name) or an object with the service, name and type.
type legacyResource struct {
	Service string `json:"service"`
	Name    string `json:"name"`
	Type    any    `json:"type,omitempty"`
}

func parseResource(raw json.RawMessage) legacyResource {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return legacyResource{Name: name}
	}
	var object legacyResource
	_ = json.Unmarshal(raw, &object)
	return object
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
