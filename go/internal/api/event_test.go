package api

import (
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/events"
)

func TestPubSubMessageInEveryForm(t *testing.T) {
	published := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name  string
		event Event
	}{
		{"CloudEvent from Eventarc", Event{ID: "ce-1", Data: []byte(`{"message":{"data":"aGVsbG8=","attributes":{"k":"v"},"messageId":"m1","publishTime":"2024-01-02T03:04:05Z"},"subscription":"projects/p/subscriptions/s"}`)}},
		{"legacy background event", Event{ID: "m1", Time: published, Data: []byte(`{"@type":"type.googleapis.com/google.pubsub.v1.PubsubMessage","data":"aGVsbG8=","attributes":{"k":"v"}}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := tt.event.PubSubMessage()
			if err != nil {
				t.Fatal(err)
			}
			if string(msg.Data) != "hello" || msg.Attributes["k"] != "v" || msg.MessageID != "m1" || !msg.PublishTime.Equal(published) {
				t.Errorf("got %+v", msg)
			}
		})
	}
	if _, err := (&Event{ID: "x", Data: []byte(`{"data":"not base64!"}`)}).PubSubMessage(); err == nil || !strings.Contains(err.Error(), "not base64") {
		t.Errorf("bad base64: got %v", err)
	}
}

func TestStorageObject(t *testing.T) {
	for _, size := range []string{`"1024"`, `1024`} {
		e := Event{ID: "s1", Data: []byte(`{"bucket":"b","name":"dir/file.txt","contentType":"text/plain","size":` + size + `,"timeCreated":"2024-01-02T03:04:05.123Z","metadata":{"a":"b"}}`)}
		obj, err := e.StorageObject()
		if err != nil {
			t.Fatal(err)
		}
		if obj.Bucket != "b" || obj.Name != "dir/file.txt" || obj.Size != 1024 || obj.TimeCreated.IsZero() || obj.Metadata["a"] != "b" {
			t.Errorf("size %s: got %+v", size, obj)
		}
	}
	if _, err := (&Event{ID: "s2", Data: []byte(`{"name":"x"}`)}).StorageObject(); err == nil || !strings.Contains(err.Error(), "no bucket or name") {
		t.Errorf("no bucket: got %v", err)
	}
}

func TestDataAs(t *testing.T) {
	var v struct{ A int }
	if err := (&Event{Data: []byte(`{"A":7}`)}).DataAs(&v); err != nil || v.A != 7 {
		t.Errorf("got %+v, %v", v, err)
	}
	if err := (&Event{ID: "e", Type: "t", Data: []byte(`nope`)}).DataAs(&v); err == nil || !strings.Contains(err.Error(), "event e (t) is not JSON") {
		t.Errorf("got %v", err)
	}
}

// A legacy event reaches an event function with the CloudEvent's type,
// source and subject, and Legacy gives it back as it came.
func TestEventFromLegacy(t *testing.T) {
	decoded, err := events.FromJSON([]byte(`{"context":{"eventId":"l1","timestamp":"2024-01-02T03:04:05.5Z","eventType":"google.storage.object.finalize","resource":{"service":"storage.googleapis.com","name":"projects/_/buckets/b/objects/dir/f.txt","type":"storage#object"}},"data":{"bucket":"b","name":"dir/f.txt","kind":"storage#object"}}`))
	if err != nil {
		t.Fatal(err)
	}
	e := EventOf(decoded)
	if e.Type != "google.cloud.storage.object.v1.finalized" || e.Source != "//storage.googleapis.com/projects/_/buckets/b" || e.Subject != "objects/dir/f.txt" {
		t.Errorf("got %+v", e)
	}
	if !strings.Contains(string(e.Resource), `"name":"projects/_/buckets/b/objects/dir/f.txt"`) {
		t.Errorf("resource: got %s", e.Resource)
	}
	l, err := e.Legacy()
	if err != nil || l.EventType != "google.storage.object.finalize" || l.Timestamp != "2024-01-02T03:04:05.5Z" || string(l.Data) != `{"bucket":"b","name":"dir/f.txt","kind":"storage#object"}` {
		t.Errorf("legacy: got %+v, %v", l, err)
	}
}

// An Event made by hand (in a test, say) converts back by the mapping.
func TestLegacyOfAnEventMadeByHand(t *testing.T) {
	e := Event{ID: "p1", Type: "google.cloud.pubsub.topic.v1.messagePublished", Source: "//pubsub.googleapis.com/projects/p/topics/t",
		Time: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Data: []byte(`{"message":{"data":"aGk=","messageId":"p1","publishTime":"2024-01-02T03:04:05Z"},"subscription":"s"}`)}
	l, err := e.Legacy()
	if err != nil || l.EventType != "google.pubsub.topic.publish" || l.Timestamp != "2024-01-02T03:04:05Z" || string(l.Data) != `{"data":"aGk="}` ||
		string(l.Resource) != `{"service":"pubsub.googleapis.com","name":"projects/p/topics/t","type":"type.googleapis.com/google.pubsub.v1.PubsubMessage"}` {
		t.Errorf("got %+v %s %s, %v", l, l.Resource, l.Data, err)
	}
	if _, err := (&Event{ID: "x", Type: "google.cloud.storage.object.v1.finalized", Source: "bucket"}).Legacy(); err == nil || !strings.Contains(err.Error(), "handoff: event x") {
		t.Errorf("bad source: got %v", err)
	}
}
