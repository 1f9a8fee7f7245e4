package handoff

import (
	"strings"
	"testing"
	"time"
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
