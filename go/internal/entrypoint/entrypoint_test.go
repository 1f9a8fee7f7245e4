package entrypoint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/handoff"
)

// The shapes of Google's first-generation samples.
type pubSubMessage struct {
	Data []byte `json:"data"`
}

type gcsEvent struct {
	Bucket         string `json:"bucket"`
	Name           string `json:"name"`
	Metageneration string `json:"metageneration"`
}

func helloHTTP(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "Hello, World!") }

func helloPubSub(ctx context.Context, m pubSubMessage) error { return nil }

func typedGreeting(ctx context.Context, in struct{ Name string }) (string, error) {
	return "hi " + in.Name, nil
}

func eventFunction(ctx context.Context, e handoff.Event) error { return nil }

func env(pairs ...string) func(string) string {
	values := map[string]string{}
	for i := 0; i < len(pairs); i += 2 {
		values[pairs[i]] = pairs[i+1]
	}
	return func(name string) string { return values[name] }
}

func TestSelection(t *testing.T) {
	tests := []struct {
		name     string
		register func()
		env      func(string) string
		want     string // the function served, or a part of the 500's body
	}{
		{"GO_HANDOFF_TARGET names one", registerSamples, env("GO_HANDOFF_TARGET", "HelloHTTP"), "HelloHTTP"},
		{"FUNCTION_TARGET names one", registerSamples, env("FUNCTION_TARGET", "HelloPubSub"), "HelloPubSub"},
		{"functions-framework's --target wins over FUNCTION_TARGET", registerSamples, env("GO_HANDOFF_TARGET", "HelloHTTP", "FUNCTION_TARGET", "HelloPubSub"), "HelloHTTP"},
		{"no target: Handle", func() { registerSamples(); Discovered("Handle", helloHTTP) }, env(), "Handle"},
		{"no target: the build's default", func() { registerSamples(); SetDefault("HelloPubSub") }, env(), "HelloPubSub"},
		{"a registration wins over a discovered function of the same name", func() {
			Register("HelloHTTP", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "registered") }), HTTP)
			Discovered("HelloHTTP", helloHTTP)
		}, env("FUNCTION_TARGET", "HelloHTTP"), "HelloHTTP"},
		{"an unknown target", registerSamples, env("FUNCTION_TARGET", "Nope"), `go-handoff: the target "Nope" names no function of this package; its functions are: HelloHTTP, HelloPubSub`},
		{"no target, several functions", registerSamples, env(), "no target was given, and the package has no func Handle and several functions: HelloHTTP, HelloPubSub"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reset()
			defer reset()
			tt.register()
			s := choose(tt.env)
			if s.name != "" {
				if s.name != tt.want {
					t.Errorf("serving %s, want %s", s.name, tt.want)
				}
				if handler, ok := s.fn.(http.HandlerFunc); ok {
					w := httptest.NewRecorder()
					handler.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
					if w.Body.String() != "registered" {
						t.Errorf("got %q, want the registered handler's answer", w.Body.String())
					}
				}
				return
			}
			handler := s.fn.(http.Handler)
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			body := w.Body.String()
			if w.Code != http.StatusInternalServerError || w.Header().Get("X-Google-Status") != "error" || !strings.Contains(body, tt.want) {
				t.Errorf("got %d %q, want 500 saying %q", w.Code, body, tt.want)
			}
		})
	}
}

func registerSamples() {
	Discovered("HelloHTTP", helloHTTP)
	Discovered("HelloPubSub", helloPubSub)
}

func TestSignatureDecidesOnlyTheAmbiguousShape(t *testing.T) {
	tests := []struct {
		name       string
		fn         any
		as         string // the name it is registered under
		registered Signature
		host       Signature
		onLambda   bool
		background bool
	}{
		{"func(ctx, T) error, no signature type: background, as on Cloud Functions", helloPubSub, "F", FromShape, FromShape, false, true},
		{"func(ctx, T) error, --signature-type=event", helloPubSub, "F", FromShape, Event, false, true},
		{"func(ctx, T) error, --signature-type=cloudevent: the CloudEvent is converted", helloPubSub, "F", FromShape, CloudEvent, false, true},
		{"func(ctx, T) error, --signature-type=http: typed JSON", helloPubSub, "F", FromShape, HTTP, false, false},
		{"func(ctx, T) error, --signature-type=typed", helloPubSub, "F", FromShape, Typed, false, false},
		{"the registration's signature type wins over the host's", helloPubSub, "F", Typed, Event, false, false},
		{"func Handle(ctx, T) error stays typed JSON, as before entry points", helloPubSub, "Handle", FromShape, FromShape, false, false},
		{"func Handle(ctx, T) error with --signature-type=event", helloPubSub, "Handle", FromShape, Event, false, true},
		{"on Lambda, func(ctx, T) error is aws-lambda-go's typed handler", helloPubSub, "F", FromShape, FromShape, true, false},
		{"on Lambda, a registration as an event function stays one", helloPubSub, "F", Event, FromShape, true, true},
		{"an HTTP function stays one under --signature-type=event", helloHTTP, "F", FromShape, Event, false, false},
		{"a typed function with a result is never a background function", typedGreeting, "F", FromShape, Event, false, false},
		{"handoff.Event functions keep the event contract", eventFunction, "F", FromShape, Event, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := resolve(tt.as, registered{fn: tt.fn, sig: tt.registered}, tt.host, tt.onLambda)
			_, isBackground := s.fn.(*background)
			if isBackground != tt.background {
				t.Errorf("background: got %v, want %v (%s)", isBackground, tt.background, s.how)
			}
		})
	}
}

func TestSignatureTypeFromEnvironment(t *testing.T) {
	tests := []struct {
		env         func(string) string
		want        Signature
		wantProblem string
	}{
		{env(), FromShape, ""},
		{env("FUNCTION_SIGNATURE_TYPE", "event"), Event, ""},
		{env("GO_HANDOFF_SIGNATURE_TYPE", "http", "FUNCTION_SIGNATURE_TYPE", "event"), HTTP, ""},
		{env("FUNCTION_SIGNATURE_TYPE", "cloudevent"), CloudEvent, ""},
		{env("FUNCTION_SIGNATURE_TYPE", "pubsub"), FromShape, `FUNCTION_SIGNATURE_TYPE="pubsub" is not a signature type`},
	}
	for _, tt := range tests {
		got := fromEnvironment(tt.env)
		if got.signature != tt.want || !strings.Contains(got.signatureProblem, tt.wantProblem) || (tt.wantProblem == "") != (got.signatureProblem == "") {
			t.Errorf("got %q (%q), want %q (%q)", got.signature, got.signatureProblem, tt.want, tt.wantProblem)
		}
	}
}

// fakeMetadataKey is cloud.google.com/go/functions/metadata's key, as that
// package defines it: an unexported string type whose GCFContextKey method
// names it. (The SDK does not depend on that package; the end-to-end tests
// use the real one.)
type fakeMetadataKey string

func (k fakeMetadataKey) GCFContextKey() string { return string(k) }

type metadata struct {
	EventID   string          `json:"eventId"`
	Timestamp string          `json:"timestamp"`
	EventType string          `json:"eventType"`
	Resource  json.RawMessage `json:"resource"`
}

func metadataFrom(ctx context.Context) (metadata, bool) {
	raw, ok := ctx.Value(fakeMetadataKey("metadata")).(json.RawMessage)
	var m metadata
	return m, ok && json.Unmarshal(raw, &m) == nil
}

func TestBackgroundFunctions(t *testing.T) {
	const pubsubResource = `{"service":"pubsub.googleapis.com","name":"projects/p/topics/t","type":"type.googleapis.com/google.pubsub.v1.PubsubMessage"}`
	tests := []struct {
		name       string
		header     http.Header
		body       string
		wantStatus int
		wantData   string // what the function saw (pubSubMessage.Data or gcsEvent.Name)
		wantMeta   metadata
		wantBody   string // a part of the answer's body, for failures
	}{
		{
			name:       "legacy Pub/Sub event, context nested",
			body:       `{"context":{"eventId":"101","timestamp":"2024-01-02T03:04:05.678Z","eventType":"google.pubsub.topic.publish","resource":` + pubsubResource + `},"data":{"@type":"type.googleapis.com/google.pubsub.v1.PubsubMessage","data":"R29waGVy"}}`,
			wantStatus: 200, wantData: "Gopher",
			wantMeta: metadata{EventID: "101", Timestamp: "2024-01-02T03:04:05.678Z", EventType: "google.pubsub.topic.publish", Resource: json.RawMessage(pubsubResource)},
		},
		{
			name:       "legacy event, flat, with a string resource",
			body:       `{"eventId":"102","timestamp":"2024-01-02T03:04:05Z","eventType":"providers/cloud.pubsub/eventTypes/topic.publish","resource":"projects/p/topics/t","data":{"data":"V29ybGQ="}}`,
			wantStatus: 200, wantData: "World",
			wantMeta: metadata{EventID: "102", Timestamp: "2024-01-02T03:04:05Z", EventType: "providers/cloud.pubsub/eventTypes/topic.publish", Resource: json.RawMessage(`"projects/p/topics/t"`)},
		},
		{
			name: "Pub/Sub CloudEvent, binary mode: converted to the legacy event",
			header: http.Header{"Ce-Id": {"103"}, "Ce-Specversion": {"1.0"}, "Ce-Type": {"google.cloud.pubsub.topic.v1.messagePublished"},
				"Ce-Source": {"//pubsub.googleapis.com/projects/p/topics/t"}, "Ce-Time": {"2024-01-02T03:04:05.678Z"}, "Content-Type": {"application/json"}},
			body:       `{"message":{"data":"Q2xvdWQ=","messageId":"103"},"subscription":"projects/p/subscriptions/s"}`,
			wantStatus: 200, wantData: "Cloud",
			wantMeta: metadata{EventID: "103", Timestamp: "2024-01-02T03:04:05.678Z", EventType: "google.pubsub.topic.publish", Resource: json.RawMessage(pubsubResource)},
		},
		{
			name:       "not an event",
			body:       `{"name":"x"}`,
			wantStatus: 400, wantBody: "the request is not an event",
		},
		{
			name:       "data that is not JSON for T",
			body:       `{"eventId":"104","eventType":"t","resource":"r","data":{"data":12}}`,
			wantStatus: 400, wantBody: "the data of event 104 (t) is not valid JSON for entrypoint.pubSubMessage, the input of HelloPubSub",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen pubSubMessage
			var meta metadata
			var hasMeta bool
			b := newBackground("HelloPubSub", func(ctx context.Context, m pubSubMessage) error {
				seen = m
				meta, hasMeta = metadataFrom(ctx)
				return nil
			})
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			for name, values := range tt.header {
				r.Header[name] = values
			}
			if tt.header == nil {
				r.Header.Set("Content-Type", "application/json")
			}
			w := httptest.NewRecorder()
			b.ServeHTTP(w, r)
			if w.Code != tt.wantStatus || !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Fatalf("got %d %q, want %d saying %q", w.Code, w.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if tt.wantStatus != 200 {
				return
			}
			if string(seen.Data) != tt.wantData {
				t.Errorf("the function saw %q, want %q", seen.Data, tt.wantData)
			}
			if !hasMeta {
				t.Fatal("metadata.FromContext's key finds nothing")
			}
			if meta.EventID != tt.wantMeta.EventID || meta.Timestamp != tt.wantMeta.Timestamp || meta.EventType != tt.wantMeta.EventType || !jsonEqual(meta.Resource, tt.wantMeta.Resource) {
				t.Errorf("metadata %+v (resource %s), want %+v (resource %s)", meta, meta.Resource, tt.wantMeta, tt.wantMeta.Resource)
			}
		})
	}
}

func TestBackgroundStorageCloudEvent(t *testing.T) {
	var seen gcsEvent
	var meta metadata
	b := newBackground("HelloGCS", func(ctx context.Context, e gcsEvent) error {
		seen = e
		meta, _ = metadataFrom(ctx)
		return nil
	})
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"specversion":"1.0","id":"7","type":"google.cloud.storage.object.v1.finalized",
		"source":"//storage.googleapis.com/projects/_/buckets/b","subject":"objects/o.txt","time":"2024-01-02T03:04:05Z",
		"datacontenttype":"application/json","data":{"bucket":"b","name":"o.txt","metageneration":"1"}}`))
	r.Header.Set("Content-Type", "application/cloudevents+json")
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	if w.Code != 200 || seen.Name != "o.txt" || seen.Metageneration != "1" {
		t.Fatalf("got %d %q, the function saw %+v", w.Code, w.Body.String(), seen)
	}
	want := `{"service":"storage.googleapis.com","name":"projects/_/buckets/b/objects/o.txt","type":"storage#object"}`
	if meta.EventType != "google.storage.object.finalize" || !jsonEqual(meta.Resource, json.RawMessage(want)) {
		t.Errorf("metadata %+v (resource %s)", meta, meta.Resource)
	}
}

func TestBackgroundFunctionErrors(t *testing.T) {
	b := newBackground("F", func(ctx context.Context, m pubSubMessage) error { return errors.New("the database is down") })
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"eventId":"1","eventType":"t","data":{}}`))
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Body)
	if w.Code != 500 || w.Header().Get("X-Google-Status") != "error" || !strings.Contains(string(body), "the database is down") {
		t.Errorf("got %d %q %q", w.Code, w.Header(), body)
	}
}

// slowBody fails as the server's bounded body does once the client has
// kept it waiting too long.
type slowBody struct{}

func (slowBody) Read([]byte) (int, error) {
	return 0, fmt.Errorf("the request body came too slowly: %w", os.ErrDeadlineExceeded)
}
func (slowBody) Close() error { return nil }

func TestBackgroundFunctionBodyTooSlow(t *testing.T) {
	b := newBackground("F", helloPubSub)
	r := httptest.NewRequest("POST", "/", nil)
	r.Body = slowBody{}
	w := httptest.NewRecorder()
	b.ServeHTTP(w, r)
	if w.Code != http.StatusRequestTimeout || !strings.Contains(w.Body.String(), "came too slowly") {
		t.Errorf("got %d %q, want 408 saying why", w.Code, w.Body.String())
	}
}

func TestMetadataContextKeepsTheParentsValues(t *testing.T) {
	type key struct{}
	parent := context.WithValue(context.Background(), key{}, "kept")
	ctx := WithMetadata(parent, "1", "", "t", nil)
	derived, cancel := context.WithCancel(ctx)
	defer cancel()
	if derived.Value(key{}) != "kept" {
		t.Error("the parent's value is lost")
	}
	m, ok := metadataFrom(derived)
	if !ok || m.EventID != "1" || m.Timestamp != "" || m.Resource != nil {
		t.Errorf("got %+v, %v", m, ok)
	}
}

func jsonEqual(a, b json.RawMessage) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return fmt.Sprint(x) == fmt.Sprint(y)
}

func TestBackgroundFunctionOnLambda(t *testing.T) {
	var seen pubSubMessage
	var meta metadata
	call := newBackground("HelloPubSub", func(ctx context.Context, m pubSubMessage) error {
		seen = m
		meta, _ = metadataFrom(ctx)
		if string(m.Data) == "fail" {
			return errors.New("failed")
		}
		return nil
	}).payloadFunction()
	err := call(context.Background(), json.RawMessage(`{"eventId":"9","timestamp":"2024-01-02T03:04:05Z","eventType":"google.pubsub.topic.publish","resource":"projects/p/topics/t","data":{"data":"TGFtYmRh"}}`))
	if err != nil || string(seen.Data) != "Lambda" || meta.EventID != "9" || string(meta.Resource) != `"projects/p/topics/t"` {
		t.Errorf("got %v; the function saw %q and %+v", err, seen.Data, meta)
	}
	if err := call(context.Background(), json.RawMessage(`{"eventId":"10","eventType":"t","data":{"data":"ZmFpbA=="}}`)); err == nil || err.Error() != "failed" {
		t.Errorf("the function's error: got %v", err)
	}
	if err := call(context.Background(), json.RawMessage(`{"name":"x"}`)); err == nil || !strings.Contains(err.Error(), "not an event") {
		t.Errorf("a payload that is not an event: got %v", err)
	}
}

func TestUnservableSaysLittleInProduction(t *testing.T) {
	reason := `the target "HelloWorld" names no function of this package; its functions are: A, B`
	tests := []struct {
		name  string
		plain bool
		want  string
		never string
	}{
		{"development: the reason", false, "go-handoff: " + reason + "\n", ""},
		{"production: the code alone", true, "Internal Server Error: the function could not start [ERR_GO_HANDOFF_TARGET]; its log says why.\n", "HelloWorld"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			Unservable(TargetErrorCode, reason, tt.plain).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
			if w.Code != http.StatusInternalServerError {
				t.Errorf("status %d, want 500", w.Code)
			}
			if got := w.Body.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if tt.never != "" && strings.Contains(w.Body.String(), tt.never) {
				t.Errorf("the answer %q names %q", w.Body.String(), tt.never)
			}
			if got := w.Header().Get("X-Go-Handoff-Error"); got != TargetErrorCode {
				t.Errorf("X-Go-Handoff-Error %q, want %q", got, TargetErrorCode)
			}
		})
	}
}
