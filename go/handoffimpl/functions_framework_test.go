package handoffimpl

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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

// The Event the stand-in gets is the one an event function gets: its legacy
// view is the event as it came (here, a resource that was a string), not a
// conversion back from the CloudEvent.
func TestDecodeEventKeepsTheEventAsItCame(t *testing.T) {
	body := `{"eventId":"e-2","timestamp":"2024-01-02T03:04:05Z","eventType":"providers/cloud.pubsub/eventTypes/topic.publish","resource":"projects/p/topics/t","data":{"data":"aGk="}}`
	ev, err := DecodeEvent(http.Header{"Content-Type": {"application/json"}}, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	legacy, err := ev.Legacy()
	if err != nil || legacy.EventType != "providers/cloud.pubsub/eventTypes/topic.publish" || string(legacy.Resource) != `"projects/p/topics/t"` || string(ev.Resource) != `"projects/p/topics/t"` {
		t.Errorf("got %+v (resource %s; the event's %s), %v", legacy, legacy.Resource, ev.Resource, err)
	}
}

func TestNoSuchTargetAnswers500WithTheNames(t *testing.T) {
	t.Setenv("GO_HANDOFF_ERRORS", "")
	t.Setenv("NODE_ENV", "")
	w := httptest.NewRecorder()
	NoSuchTarget("hello", []string{"Bye", "Hello"}).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	body := w.Body.String()
	if w.Code != http.StatusInternalServerError || w.Header().Get(GoogleStatusHeader) != GoogleStatusError || !strings.Contains(body, `"hello"`) || !strings.Contains(body, "Bye, Hello") {
		t.Errorf("got %d %q %v", w.Code, body, w.Header())
	}
}

type person struct{ Name string }

// The rules are the build's (internal/contract), read from reflect.
func TestCheckTypedAndCheckEvent(t *testing.T) {
	tests := []struct {
		name  string
		check func(any) error
		fn    any
		want  string // a part of the error; "" for none
	}{
		{"typed", CheckTyped, func(person) (person, error) { return person{}, nil }, ""},
		{"typed, error only", CheckTyped, func(person) error { return nil }, ""},
		{"typed, no results", CheckTyped, func(person) {}, ""},
		{"typed, a built-in result", CheckTyped, func(person) (int, error) { return 0, nil }, ""},
		{"typed, no argument", CheckTyped, func() error { return nil }, "typed functions take one argument (the request's JSON body, decoded; no context.Context) and return at most two values, the last an error; this one takes 0 arguments"},
		{"typed, a context too", CheckTyped, func(context.Context, person) error { return nil }, "this one takes 2 arguments"},
		{"typed, only a context", CheckTyped, func(context.Context) error { return nil }, "this one takes only a context.Context"},
		{"typed, three results", CheckTyped, func(person) (int, int, error) { return 0, 0, nil }, "this one returns 3"},
		{"typed, no error last", CheckTyped, func(person) person { return person{} }, "this one's last result is handoffimpl.person"},
		{"typed, a channel", CheckTyped, func(chan int) error { return nil }, "its argument, chan int, cannot be decoded from JSON"},
		{"typed, not a function", CheckTyped, "greet", "expected a function, got string"},
		{"typed, nil", CheckTyped, nil, "expected a function, got <nil>"},
		{"event", CheckEvent, func(context.Context, person) error { return nil }, ""},
		{"event, any for the context", CheckEvent, func(any, []byte) error { return nil }, ""},
		{"event, one argument", CheckEvent, func(person) error { return nil }, "event functions are func(ctx context.Context, data T) error, with T the type the event's data decodes into as JSON; this one takes 1 argument"},
		{"event, no context", CheckEvent, func(string, person) error { return nil }, "this one's first argument is string"},
		{"event, no error", CheckEvent, func(context.Context, person) {}, "this one does not return just an error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.check(tt.fn)
			if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
