package handoff_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/go-handoff/go-handoff/handoff"
)

// A program serves one function: its main calls Start, which returns once
// the host asks the process to stop.
func ExampleStart() {
	handoff.Start(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "Hello from Go!")
	})
}

// A net/http function gets the request and writes the answer. Start serves
// it on every path; a test sends it requests through NewHandler, which
// serves it as Start does.
func ExampleStart_http() {
	hello := func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s!", r.URL.Query().Get("name"))
	}
	// In main: handoff.Start(hello)
	handler, err := handoff.NewHandler(hello)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, httptest.NewRequest("GET", "/?name=Ada", nil))
	fmt.Println(w.Code, w.Body.String())
	// Output: 200 Hello, Ada!
}

type greeting struct {
	Name string `json:"name"`
}

// A typed function gets the request's JSON body decoded into its input and
// answers its result as JSON; an error answers 500 with
// {"errorMessage", "errorType"}, as aws-lambda-go's functions do.
func ExampleStart_typed() {
	greet := func(ctx context.Context, in greeting) (map[string]string, error) {
		if in.Name == "" {
			return nil, errors.New("whom should I greet?")
		}
		return map[string]string{"greeting": "Hello, " + in.Name}, nil
	}
	// In main: handoff.Start(greet)
	handler, err := handoff.NewHandler(greet)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, body := range []string{`{"name": "Ada"}`, `{}`, `{"name": `} {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader(body)))
		fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
	// Output:
	// 200 application/json {"greeting":"Hello, Ada"}
	// 500 application/json {"errorMessage":"whom should I greet?","errorType":"errorString"}
	// 400 application/json {"errorMessage":"the request body is not valid JSON for handoff_test.greeting: unexpected end of JSON input","errorType":"Bad Request"}
}

// A bytes function gets the raw body and answers its result verbatim, as
// application/octet-stream.
func ExampleStart_bytes() {
	shout := func(payload []byte, c *handoff.Context) ([]byte, error) {
		return bytes.ToUpper(payload), nil
	}
	// In main: handoff.Start(shout)
	handler, err := handoff.NewHandler(shout)
	if err != nil {
		fmt.Println(err)
		return
	}
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, httptest.NewRequest("POST", "/", strings.NewReader("hello")))
	fmt.Println(w.Code, w.Header().Get("Content-Type"), w.Body.String())
	// Output: 200 application/octet-stream HELLO
}

// An event function gets the event, whichever form it came in: here a
// Pub/Sub message as a CloudEvent in binary mode. It answers 200 once it
// returns nil; an error answers 500, and the sender delivers the event again.
func ExampleStart_event() {
	received := func(ctx context.Context, e handoff.Event) error {
		msg, err := e.PubSubMessage()
		if err != nil {
			return err
		}
		fmt.Printf("%s: %s\n", e.Type, msg.Data)
		return nil
	}
	// In main: handoff.Start(received)
	handler, err := handoff.NewHandler(received)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"message": {"data": "SGVsbG8sIEdvIQ==", "messageId": "m-1"}}`))
	r.Header.Set("Ce-Id", "m-1")
	r.Header.Set("Ce-Specversion", "1.0")
	r.Header.Set("Ce-Type", "google.cloud.pubsub.topic.v1.messagePublished")
	r.Header.Set("Ce-Source", "//pubsub.googleapis.com/projects/my-project/topics/greetings")
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	handler.ServeHTTP(w, r)
	fmt.Println(w.Code)
	// Output:
	// google.cloud.pubsub.topic.v1.messagePublished: Hello, Go!
	// 200
}

// NewHandler refuses a function of a shape Start cannot serve, saying which
// rule it breaks: the error for which Start would exit, and which the build
// reports before that.
func ExampleNewHandler() {
	_, err := handoff.NewHandler(func(r *http.Request, w http.ResponseWriter) {})
	fmt.Println(err)
	// Output: cannot serve a func(*http.Request, http.ResponseWriter): it takes (*http.Request, http.ResponseWriter); a net/http handler takes the http.ResponseWriter first
}
