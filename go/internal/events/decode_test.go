package events

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func header(pairs ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(pairs); i += 2 {
		h.Set(pairs[i], pairs[i+1])
	}
	return h
}

func TestCloudEventBinary(t *testing.T) {
	h := header("Ce-Id", "42", "Ce-Source", "//pubsub.googleapis.com/projects/p/topics/t", "Ce-Specversion", "1.0",
		"Ce-Type", "google.cloud.pubsub.topic.v1.messagePublished", "Ce-Time", "2024-05-06T07:08:09.5Z",
		"Ce-Subject", "s", "Ce-Traceparent", "00-abc", "Content-Type", "application/json")
	ev, err := FromHTTP(h, []byte(`{"message":{"data":"aGk="}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 5, 6, 7, 8, 9, 5e8, time.UTC)
	if ev.ID != "42" || ev.Type != "google.cloud.pubsub.topic.v1.messagePublished" || !ev.Time.Equal(want) || ev.Subject != "s" ||
		ev.DataContentType != "application/json" || string(ev.Data) != `{"message":{"data":"aGk="}}` || ev.Form != CloudEventBinary ||
		ev.Extensions["traceparent"] != "00-abc" {
		t.Errorf("got %+v", ev)
	}
}

func TestCloudEventStructured(t *testing.T) {
	h := header("Content-Type", "application/cloudevents+json; charset=utf-8")
	ev, err := FromHTTP(h, []byte(`{"specversion":"1.0","id":"1","source":"s","type":"t","datacontenttype":"application/json","data":{"a":1},"count":3}`))
	if err != nil {
		t.Fatal(err)
	}
	if string(ev.Data) != `{"a":1}` || ev.Form != CloudEventStructured || ev.Extensions["count"] != "3" {
		t.Errorf("got %+v", ev)
	}
	ev, err = FromHTTP(h, []byte(`{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":"AAEC"}`))
	if err != nil || string(ev.Data) != "\x00\x01\x02" {
		t.Errorf("data_base64: got %+v, %v", ev, err)
	}
	ev, err = FromHTTP(h, []byte(`{"specversion":"1.0","id":"1","source":"s","type":"t","datacontenttype":"text/plain","data":"plain text"}`))
	if err != nil || string(ev.Data) != "plain text" {
		t.Errorf("text data: got %+v, %v", ev, err)
	}
}

func TestLegacyEnvelopes(t *testing.T) {
	nested := `{"context":{"eventId":"101","timestamp":"2018-01-02T03:04:05.000Z","eventType":"google.pubsub.topic.publish","resource":{"service":"pubsub.googleapis.com","name":"projects/p/topics/t","type":"type.googleapis.com/google.pubsub.v1.PubsubMessage"}},"data":{"@type":"type.googleapis.com/google.pubsub.v1.PubsubMessage","data":"aGVsbG8=","attributes":{"k":"v"}}}`
	ev, err := FromJSON([]byte(nested))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "101" || ev.Type != "google.cloud.pubsub.topic.v1.messagePublished" || ev.Source != "//pubsub.googleapis.com/projects/p/topics/t" || ev.Form != LegacyNested || !strings.Contains(string(ev.Data), `"message":{`) {
		t.Errorf("nested: got %+v", ev)
	}
	flat := `{"eventId":"202","timestamp":"2018-01-02T03:04:05Z","eventType":"providers/cloud.storage/eventTypes/object.change","resource":"projects/_/buckets/b/objects/o","data":{"bucket":"b","name":"o"}}`
	ev, err = FromJSON([]byte(flat))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "202" || ev.Type != "google.cloud.storage.object.v1.finalized" || ev.Source != "//storage.googleapis.com/projects/_/buckets/b" || ev.Subject != "objects/o" || ev.Form != LegacyFlat || string(ev.Data) != `{"bucket":"b","name":"o"}` {
		t.Errorf("flat: got %+v", ev)
	}
}

func TestPubSubPush(t *testing.T) {
	ev, err := FromJSON([]byte(`{"message":{"data":"aGk=","messageId":"m1","publishTime":"2024-01-01T00:00:00Z"},"subscription":"projects/p/subscriptions/s"}`))
	if err != nil {
		t.Fatal(err)
	}
	if ev.ID != "m1" || ev.Type != "google.cloud.pubsub.topic.v1.messagePublished" || ev.Source != "//pubsub.googleapis.com/projects/p/subscriptions/s" || ev.Form != PubSubPush {
		t.Errorf("got %+v", ev)
	}
}

func TestMalformedEventsSayWhy(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		body   string
		want   string
	}{
		{"binary without type", header("Ce-Id", "1", "Ce-Source", "s", "Ce-Specversion", "1.0"), "", "the CloudEvent has no header ce-type"},
		{"structured without source", header("Content-Type", "application/cloudevents+json"), `{"specversion":"1.0","id":"1","type":"t"}`, "has no attribute source"},
		{"old spec version", header("Content-Type", "application/cloudevents+json"), `{"specversion":"0.3","id":"1","source":"s","type":"t"}`, `specversion "0.3"`},
		{"bad time", header("Ce-Id", "1", "Ce-Source", "s", "Ce-Specversion", "1.0", "Ce-Type", "t", "Ce-Time", "yesterday"), "", `time "yesterday" is not an RFC 3339 timestamp`},
		{"bad base64", header("Content-Type", "application/cloudevents+json"), `{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":"%%%"}`, "data_base64 is not base64"},
		{"batch", header("Content-Type", "application/cloudevents-batch+json"), `[]`, "batched CloudEvents"},
		{"not JSON", header(), "hello", "the request is not an event"},
		{"JSON, not an event", header(), `{"name":"x"}`, "the request is not an event"},
		{"legacy without id", header(), `{"context":{"eventType":"t"},"data":{}}`, "no eventId"},
		{"legacy with bad context", header(), `{"context":"nope"}`, "context is not an object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromHTTP(tt.header, []byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want it to say %q", err, tt.want)
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("got a %T, want an *Error", err)
			}
		})
	}
}

// FuzzFromHTTP: whatever arrives, decoding returns an event or an *Error,
// never panics, and an event always has the attributes it promises.
func FuzzFromHTTP(f *testing.F) {
	f.Add("application/json", "", []byte(`{"context":{"eventId":"1","eventType":"t"},"data":{}}`))
	f.Add("application/cloudevents+json", "", []byte(`{"specversion":"1.0","id":"1","source":"s","type":"t","data_base64":"AA=="}`))
	f.Add("", "1.0", []byte("raw"))
	f.Add("text/plain", "", []byte(`{"message":{},"subscription":"s"}`))
	f.Fuzz(func(t *testing.T, contentType, specversion string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		if specversion != "" {
			h.Set("Ce-Specversion", specversion)
			h.Set("Ce-Id", "1")
			h.Set("Ce-Source", "s")
			h.Set("Ce-Type", "t")
		}
		ev, err := FromHTTP(h, body)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("got a %T: %v", err, err)
			}
			return
		}
		if ev.Form == "" {
			t.Fatalf("an event with no form: %+v", ev)
		}
	})
}
