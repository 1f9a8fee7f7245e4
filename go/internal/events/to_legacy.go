package events

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
	"unicode/utf8"
)

// Legacy is the event as a background function gets it. An event that came
// as a legacy event is given as it came; a CloudEvent is converted back by
// Cloud Functions' mapping. A CloudEvent whose type the mapping does not
// know keeps its type as the eventType, and its source's resource (and
// subject) as the resource.
func (e *Event) Legacy() (Legacy, error) {
	if e.arrived != nil {
		return *e.arrived, nil
	}
	l := Legacy{EventID: e.ID, Data: legacyData(e)}
	if !e.Time.IsZero() {
		l.Timestamp = e.Time.UTC().Format(time.RFC3339Nano)
	}
	eventType, known := legacyEventType(e.Type)
	if !known {
		eventType = e.Type
	}
	l.EventType = eventType
	service, name, ok := sourceParts(e.Source)
	if !ok {
		name = e.Source
	}
	if !ok && known {
		return Legacy{}, fail("the CloudEvent's source %q is not of the form //SERVICE/RESOURCE, which the legacy event's resource is made from", e.Source)
	}
	resource := name
	if e.Subject != "" {
		resource += "/" + e.Subject
	}
	var object *legacyResource
	switch service {
	case pubSubService:
		object = &legacyResource{Service: service, Name: name, Type: pubSubMessageType}
		l.Data = pubSubToLegacy(l.Data)
	case storageService:
		// The type is the object's kind, as functions-framework-go takes it;
		// storage#object (what every object's kind is) when the data omits it.
		object = &legacyResource{Service: service, Name: resource, Type: "storage#object"}
		var data struct {
			Kind *string `json:"kind"`
		}
		if json.Unmarshal(l.Data, &data) == nil && data.Kind != nil {
			object.Type = *data.Kind
		}
	case firebaseAuthService:
		resource = name
		l.Data = authToLegacy(l.Data)
	case firebaseDBService:
		// From the source only: a ref path may have a segment named locations.
		resource = withoutLocation(name)
		if e.Subject != "" {
			resource += "/" + e.Subject
		}
	case analyticsService:
		// //firebaseanalytics.googleapis.com/projects/P/apps/APP, events/E:
		// the legacy resource is projects/P/events/E.
		if project, _, found := strings.Cut(name, "/apps/"); found && e.Subject != "" {
			resource = project + "/" + e.Subject
		}
	}
	if object != nil {
		l.Resource, _ = json.Marshal(object)
	} else {
		l.Resource, _ = json.Marshal(resource)
	}
	return l, nil
}

// legacyData is the CloudEvent's data as the JSON a background function
// decodes: JSON as it is, text as a JSON string, other bytes as a base64
// string.
func legacyData(e *Event) json.RawMessage {
	switch {
	case e.Data == nil:
		return nil
	case json.Valid(e.Data):
		return e.Data
	case utf8.Valid(e.Data):
		text, _ := json.Marshal(string(e.Data))
		return text
	}
	encoded, _ := json.Marshal(base64.StdEncoding.EncodeToString(e.Data))
	return encoded
}

// pubSubToLegacy lifts the message out of {"message": ..., "subscription":
// ...}, without the messageId and publishTime the legacy event carries as
// its eventId and timestamp.
func pubSubToLegacy(data json.RawMessage) json.RawMessage {
	var wrapped struct {
		Message json.RawMessage `json:"message"`
	}
	if json.Unmarshal(data, &wrapped) != nil {
		return data
	}
	var message map[string]json.RawMessage
	if json.Unmarshal(wrapped.Message, &message) != nil || message == nil {
		return data
	}
	delete(message, "messageId")
	delete(message, "publishTime")
	encoded, _ := json.Marshal(message)
	return encoded
}

// authToLegacy gives the metadata's timestamps their legacy names.
func authToLegacy(data json.RawMessage) json.RawMessage {
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) != nil || fields == nil {
		return data
	}
	renamed, changed := renameKeys(fields["metadata"], func(name string) string {
		for _, n := range authMetadataNames {
			if n.cloudEvent == name {
				return n.legacy
			}
		}
		return name
	})
	if !changed {
		return data
	}
	fields["metadata"] = renamed
	encoded, _ := json.Marshal(fields)
	return encoded
}
