package functionsframework

import (
	"net/http"
	"strings"
	"testing"
)

func TestTarget(t *testing.T) {
	t.Setenv("FUNCTION_TARGET", "FromPlatform")
	t.Setenv("GO_HANDOFF_TARGET", "")
	if got := Target(); got != "FromPlatform" {
		t.Errorf("got %q, want FUNCTION_TARGET's", got)
	}
	t.Setenv("GO_HANDOFF_TARGET", "FromHost")
	if got := Target(); got != "FromHost" {
		t.Errorf("got %q, want GO_HANDOFF_TARGET's", got)
	}
}

func TestDecodeEventGivesTheCloudEventViewOfALegacyEvent(t *testing.T) {
	body := `{"context": {"eventId": "e-1", "timestamp": "2024-01-02T03:04:05Z", "eventType": "google.pubsub.topic.publish",
		"resource": {"service": "pubsub.googleapis.com", "name": "projects/p/topics/t", "type": "type.googleapis.com/google.pubsub.v1.PubsubMessage"}},
		"data": {"data": "aGk="}}`
	h := http.Header{"Content-Type": {"application/json"}}
	ev, err := DecodeEvent(h, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Type != "google.cloud.pubsub.topic.v1.messagePublished" || ev.Source != "//pubsub.googleapis.com/projects/p/topics/t" || !strings.Contains(string(ev.Data), `"message"`) {
		t.Errorf("got %+v with data %s", ev, ev.Data)
	}
	legacy, err := DecodeLegacy(h, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if legacy.EventID != "e-1" || legacy.EventType != "google.pubsub.topic.publish" || !strings.Contains(string(legacy.Data), `"aGk="`) {
		t.Errorf("got %+v", legacy)
	}
}

func TestNoSuchTarget(t *testing.T) {
	got := NoSuchTarget("hello", []string{"Bye", "Hello"})
	if !strings.Contains(got, `"hello"`) || !strings.Contains(got, "Bye, Hello") {
		t.Errorf("got %q", got)
	}
}
