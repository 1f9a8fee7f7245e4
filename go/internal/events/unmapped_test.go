package events

import (
	"net/http"
	"strings"
	"testing"
)

// A legacy event of a type the mapping does not know: refused as a
// CloudEvent (functions-framework-go answers 400), given as it came to a
// background function.
func TestUnknownLegacyType(t *testing.T) {
	body := []byte(`{"context":{"eventId":"u1","timestamp":"2024-01-02T03:04:05Z","eventType":"com.example.thing.happened","resource":"things/1"},"data":{"n":1}}`)
	_, err := FromJSON(body)
	if err == nil || !strings.Contains(err.Error(), `type "com.example.thing.happened" has no CloudEvent type`) {
		t.Errorf("as a CloudEvent: got %v", err)
	}
	if _, ok := err.(*Error); !ok {
		t.Errorf("got a %T, want an *Error (400)", err)
	}
	l, err := LegacyFromHTTP(http.Header{"Content-Type": {"application/json"}}, body)
	if err != nil || l.EventType != "com.example.thing.happened" || string(l.Resource) != `"things/1"` || string(l.Data) != `{"n":1}` || l.EventID != "u1" {
		t.Errorf("as a legacy event: got %+v, %v", l, err)
	}
}

// A CloudEvent of a type the mapping does not know keeps its type, and its
// source's resource and subject become the resource.
func TestUnknownCloudEventTypeToLegacy(t *testing.T) {
	h := header("Ce-Id", "c1", "Ce-Source", "//things.example.com/projects/p/things", "Ce-Specversion", "1.0",
		"Ce-Type", "com.example.thing.v1.happened", "Ce-Subject", "things/1", "Ce-Time", "2024-01-02T03:04:05Z", "Content-Type", "application/json")
	l, err := LegacyFromHTTP(h, []byte(`{"n":1}`))
	if err != nil || l.EventType != "com.example.thing.v1.happened" || string(l.Resource) != `"projects/p/things/things/1"` || l.Timestamp != "2024-01-02T03:04:05Z" {
		t.Errorf("got %+v, %v", l, err)
	}
	h.Set("Ce-Source", "urn:example:thing")
	h.Del("Ce-Subject")
	if l, err = LegacyFromHTTP(h, []byte(`{"n":1}`)); err != nil || string(l.Resource) != `"urn:example:thing"` {
		t.Errorf("a source that is not //SERVICE/NAME: got %+v, %v", l, err)
	}
	// Text data reaches a background function as a JSON string.
	h.Set("Content-Type", "text/plain")
	if l, err = LegacyFromHTTP(h, []byte("plain words")); err != nil || string(l.Data) != `"plain words"` {
		t.Errorf("text data: got %+v, %v", l, err)
	}
}

// Events the mapping knows but cannot convert say what is missing.
func TestMappingRefusals(t *testing.T) {
	tests := []struct{ name, body, want string }{
		{"database without domain", `{"eventId":"1","eventType":"providers/google.firebase.database/eventTypes/ref.write","resource":"projects/_/instances/i/refs/a","data":{}}`, "has no domain"},
		{"database with a bad domain", `{"eventId":"1","eventType":"providers/google.firebase.database/eventTypes/ref.write","domain":"localhost","resource":"projects/_/instances/i/refs/a","data":{}}`, `domain "localhost"`},
		{"storage without an object", `{"eventId":"1","eventType":"google.storage.object.finalize","resource":"projects/_/buckets/b","data":{}}`, "is not of the form projects/_/buckets/BUCKET/objects/OBJECT"},
		{"firestore outside documents", `{"eventId":"1","eventType":"providers/cloud.firestore/eventTypes/document.write","resource":"projects/p/databases/(default)","data":{}}`, "is not of the form projects/PROJECT/databases/DATABASE/documents/PATH"},
		{"pubsub data not an object", `{"eventId":"1","eventType":"google.pubsub.topic.publish","resource":"projects/p/topics/t","data":"text"}`, "data is not an object"},
		{"analytics without app", `{"eventId":"1","eventType":"providers/google.firebase.analytics/eventTypes/event.log","resource":"projects/p/events/e","data":{}}`, "userDim.appInfo.appId"},
		{"bad timestamp", `{"eventId":"1","eventType":"google.pubsub.topic.publish","timestamp":"soon","data":{}}`, `timestamp "soon"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromJSON([]byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want it to say %q", err, tt.want)
			}
		})
	}
	// A known CloudEvent type needs a //SERVICE/NAME source to convert back.
	h := header("Ce-Id", "1", "Ce-Source", "bucket", "Ce-Specversion", "1.0", "Ce-Type", "google.cloud.storage.object.v1.finalized")
	if _, err := LegacyFromHTTP(h, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "is not of the form //SERVICE/RESOURCE") {
		t.Errorf("known type, bad source: got %v", err)
	}
}

// A Realtime Database ref path may have a segment named locations: only the
// source's location is left out of the legacy resource.
func TestDatabaseRefNamedLocations(t *testing.T) {
	h := header("Ce-Id", "1", "Ce-Specversion", "1.0", "Ce-Type", "google.firebase.database.ref.v1.written",
		"Ce-Source", "//firebasedatabase.googleapis.com/projects/_/locations/us-central1/instances/i", "Ce-Subject", "refs/locations/paris")
	l, err := LegacyFromHTTP(h, []byte(`{"data":null,"delta":1}`))
	if err != nil || string(l.Resource) != `"projects/_/instances/i/refs/locations/paris"` {
		t.Errorf("got %s, %v", l.Resource, err)
	}
}
