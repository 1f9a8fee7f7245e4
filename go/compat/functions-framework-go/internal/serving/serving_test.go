package serving

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/cloudevents/sdk-go/v2/event"
)

// answer is what a handler answered one request.
type answer struct {
	status       int
	googleStatus string
	body         string
}

func serve(t *testing.T, h http.Handler, r *http.Request) answer {
	t.Helper()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	body, _ := io.ReadAll(w.Result().Body)
	return answer{w.Code, w.Header().Get("X-Google-Status"), string(body)}
}

func post(path, body string, headers ...string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func TestHTTP(t *testing.T) {
	hello := HTTP(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello "+r.URL.Path) })
	crash := HTTP(func(w http.ResponseWriter, r *http.Request) { panic("intentional") })
	tests := []struct {
		name    string
		handler http.Handler
		path    string
		want    answer
	}{
		{"the function answers", hello, "/anything", answer{200, "", "hello /anything"}},
		{"favicon.ico is not the function's", hello, "/favicon.ico", answer{404, "", ""}},
		{"robots.txt is not the function's", hello, "/robots.txt", answer{404, "", ""}},
		{"a panic is a crash", crash, "/", answer{500, "crash", panicMessage + "\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := serve(t, tt.handler, httptest.NewRequest(http.MethodGet, tt.path, nil)); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestHTTPPanicAfterTheAnswerBegunAbortsIt(t *testing.T) {
	h := HTTP(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "half")
		panic("intentional")
	})
	defer func() {
		if got := recover(); got != http.ErrAbortHandler {
			t.Errorf("got panic %v, want http.ErrAbortHandler", got)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
}

// A panic after the function answered an error (Google's bigtable sample:
// http.Error, then a nil client) leaves that answer, and
// functions-framework-go's message after its body, as there.
func TestHTTPPanicAfterAnErrorAnswerKeepsIt(t *testing.T) {
	h := HTTP(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "the table is gone", http.StatusInternalServerError)
		var client *struct{ name string }
		_ = client.name
	})
	got := serve(t, h, httptest.NewRequest(http.MethodGet, "/", nil))
	if want := (answer{500, "", "the table is gone\n" + panicMessage + "\n"}); got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}

type person struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func TestCheckTyped(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		want string // "" when the function is served
	}{
		{"in and out", func(person) (person, error) { return person{}, nil }, ""},
		{"only an error", func(person) error { return nil }, ""},
		{"no result", func(person) {}, ""},
		{"a built-in result", func(person) (int, error) { return 0, nil }, ""},
		{"not a function", "Hello", "expected a function, got string"},
		{"no argument", func() error { return nil }, "expected function to have one parameter, found 0"},
		{"a context too", func(context.Context, person) error { return nil }, "expected function to have one parameter, found 2"},
		{"three results", func(person) (int, int, error) { return 0, 0, nil }, "expected function to have maximum two return values"},
		{"no error last", func(person) person { return person{} }, "expected last return type to be of error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckTyped(tt.fn)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTyped(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		body string
		want answer
	}{
		{"the result as JSON", func(p person) (person, error) { p.ID++; return p, nil }, `{"id": 1, "name": "Ada"}`, answer{200, "", `{"id":2,"name":"Ada"}`}},
		{"a built-in result", func(p person) (int, error) { return p.ID, nil }, `{"id": 7}`, answer{200, "", "7"}},
		{"no result", func(p person) {}, `{}`, answer{200, "", ""}},
		{"only a nil error", func(p person) error { return nil }, `{}`, answer{200, "", ""}},
		{"an error", func(p person) error { return errors.New("no such person") }, `{}`, answer{500, "error", "Function error: no such person\n"}},
		{"an error with a result", func(p person) (person, error) { return p, errors.New("no") }, `{}`, answer{500, "error", "Function error: no\n"}},
		{"input of the wrong type", func(p person) {}, `{"id": "one"}`, answer{400, "crash", ""}},
		{"no input", func(p person) {}, ``, answer{400, "crash", "Error while converting input data. unexpected end of JSON input\n"}},
		{"a panic", func(p person) (int, error) { return 10 / p.ID, nil }, `{"id": 0}`, answer{500, "crash", panicMessage + "\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := serve(t, Typed(tt.fn), post("/", tt.body))
			if tt.want.status == 400 && tt.want.body == "" && strings.HasPrefix(got.body, "Error while converting input data. ") {
				got.body = "" // the decoder's own words
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestTypedAnswersJSON(t *testing.T) {
	w := httptest.NewRecorder()
	Typed(func(p person) (person, error) { return p, nil }).ServeHTTP(w, post("/", `{}`))
	if got := w.Header().Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type %q, want application/json", got)
	}
}

func TestCloudEvent(t *testing.T) {
	var got event.Event
	var data struct {
		Message string `json:"message"`
	}
	fn := func(ctx context.Context, e event.Event) error {
		got = e
		if err := e.DataAs(&data); err != nil {
			return err
		}
		if data.Message == "fail" {
			return errors.New("told to fail")
		}
		if data.Message == "panic" {
			panic("told to panic")
		}
		return nil
	}
	binary := func(body string) *http.Request {
		return post("/", body, "Content-Type", "application/json", "Ce-Specversion", "1.0", "Ce-Id", "id-1",
			"Ce-Source", "//pubsub.googleapis.com/projects/p/topics/t", "Ce-Type", "google.cloud.pubsub.topic.v1.messagePublished",
			"Ce-Subject", "subject-1", "Ce-Time", "2024-01-02T03:04:05Z", "Ce-Myextension", "ext-value")
	}
	tests := []struct {
		name string
		req  *http.Request
		want answer
	}{
		{"binary mode", binary(`{"message": "hello"}`), answer{200, "", ""}},
		{"an error", binary(`{"message": "fail"}`), answer{500, "", ""}},
		{"a panic", binary(`{"message": "panic"}`), answer{500, "", ""}},
		{"structured mode", post("/", `{"specversion": "1.0", "id": "id-2", "source": "src", "type": "t", "datacontenttype": "application/json", "data": {"message": "hi"}}`,
			"Content-Type", "application/cloudevents+json"), answer{200, "", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a := serve(t, CloudEvent(fn), tt.req); a != tt.want {
				t.Errorf("got %+v, want %+v", a, tt.want)
			}
		})
	}
	serve(t, CloudEvent(fn), binary(`{"message": "hello"}`))
	if got.ID() != "id-1" || got.Type() != "google.cloud.pubsub.topic.v1.messagePublished" || got.Subject() != "subject-1" ||
		got.Time().Format("2006-01-02T15:04:05Z07:00") != "2024-01-02T03:04:05Z" || got.Extensions()["myextension"] != "ext-value" || data.Message != "hello" {
		t.Errorf("the function got %v with data %+v", got, data)
	}
}

// A legacy event of a type Cloud Functions' mapping does not know: 400
// naming it, with X-Google-Status: crash, as functions-framework-go answers.
func TestCloudEventRefusesAnUnmappedLegacyEvent(t *testing.T) {
	req := post("/", `{"context":{"eventId":"1","eventType":"com.example.unmapped","resource":"r"},"data":{}}`, "Content-Type", "application/json")
	rec := httptest.NewRecorder()
	CloudEvent(func(context.Context, event.Event) error { return nil }).ServeHTTP(rec, req)
	if rec.Code != 400 || rec.Header().Get("X-Google-Status") != "crash" || !strings.Contains(rec.Body.String(), `"com.example.unmapped" has no CloudEvent type`) {
		t.Errorf("got %d %v %q", rec.Code, rec.Header(), rec.Body.String())
	}
}

func TestCloudEventRefusesOneMissingARequiredAttribute(t *testing.T) {
	req := post("/", `{}`, "Content-Type", "application/json", "Ce-Specversion", "1.0", "Ce-Source", "s", "Ce-Type", "t")
	a := serve(t, CloudEvent(func(context.Context, event.Event) error { return nil }), req)
	if a.status != 400 || !strings.Contains(a.body, "id") {
		t.Errorf("got %+v, want 400 naming id", a)
	}
}

// gcfKey is the key cloud.google.com/go/functions/metadata reads with: a
// type of its own whose GCFContextKey method names it.
type gcfKey string

func (k gcfKey) GCFContextKey() string { return string(k) }

func TestCheckEvent(t *testing.T) {
	tests := []struct {
		name string
		fn   any
		want string
	}{
		{"a background function", func(context.Context, person) error { return nil }, ""},
		{"one argument", func(person) error { return nil }, "expected function to have two parameters, found 1"},
		{"no context", func(string, person) error { return nil }, "expected first parameter to be context.Context, found string"},
		{"no error", func(context.Context, person) {}, "expected function to return only an error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckEvent(tt.fn)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestEvent(t *testing.T) {
	var gotData person
	var gotMetadata map[string]any
	h := Event(func(ctx context.Context, p person) error {
		gotData = p
		raw, _ := ctx.Value(gcfKey("metadata")).(json.RawMessage)
		json.Unmarshal(raw, &gotMetadata)
		if p.Name == "fail" {
			return errors.New("told to fail")
		}
		return nil
	})
	legacy := func(name string) *http.Request {
		return post("/", `{"context": {"eventId": "e-1", "timestamp": "2024-01-02T03:04:05Z", "eventType": "providers/cloud.firestore/eventTypes/document.write",
			"resource": "projects/p/databases/(default)/documents/c/d"}, "data": {"id": 3, "name": "`+name+`"}}`, "Content-Type", "application/json")
	}
	if a := serve(t, h, legacy("Ada")); a != (answer{200, "", ""}) {
		t.Errorf("got %+v", a)
	}
	if gotData != (person{3, "Ada"}) || gotMetadata["eventId"] != "e-1" || gotMetadata["eventType"] != "providers/cloud.firestore/eventTypes/document.write" {
		t.Errorf("the function got %+v with metadata %v", gotData, gotMetadata)
	}
	if a := serve(t, h, legacy("fail")); a != (answer{500, "error", "Function error: told to fail\n"}) {
		t.Errorf("got %+v", a)
	}
	if a := serve(t, h, post("/", `not json`)); a.status != 400 || a.googleStatus != "crash" {
		t.Errorf("got %+v, want 400 crash", a)
	}
}

func TestBodyPastTheLimit(t *testing.T) {
	for name, h := range map[string]http.Handler{
		"typed":      Typed(func(p person) {}),
		"cloudevent": CloudEvent(func(context.Context, event.Event) error { return nil }),
		"event":      Event(func(context.Context, person) error { return nil }),
	} {
		r := post("/", `{"id": 1, "name": "a name longer than the limit"}`)
		w := httptest.NewRecorder()
		r.Body = http.MaxBytesReader(w, r.Body, 8)
		h.ServeHTTP(w, r)
		if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "limit of 8 bytes") {
			t.Errorf("%s: got %d %q, want 413 naming the limit", name, w.Code, w.Body.String())
		}
	}
}
