package lambda

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/httpevent"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

var _ StreamInvoker = (*contract.Adapted)(nil)

// functionURLEvent is a Function URL's request for path (payload format 2.0).
func functionURLEvent(id, path string, header ...string) fakeEvent {
	return event(id, `{"version":"2.0","rawPath":"`+path+`","rawQueryString":"","headers":{"host":"abc.lambda-url.us-east-1.on.aws"},"requestContext":{"http":{"method":"GET","path":"`+path+`"}},"isBase64Encoded":false}`, header...)
}

// prelude is the HTTP-integration prelude for a head: its JSON, then 8 NUL bytes.
func prelude(head string) string { return head + strings.Repeat("\x00", 8) }

// runStreaming runs the loop in ResponseStream mode over fn; Run's outcome
// arrives on the channel, once. The test's end stops it.
func runStreaming(t *testing.T, api *streamingAPI, fn any) <-chan error {
	t.Helper()
	return runStreamingWith(t, api, fn, func(*Config) {})
}

// runStreamingWith is runStreaming with the Config changed by configure.
func runStreamingWith(t *testing.T, api *streamingAPI, fn any, configure func(*Config)) <-chan error {
	t.Helper()
	adapted, err := contract.Adapt(fn)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{
		Client: api.client(), Function: adapted, ContentType: "application/json", InvokeMode: ResponseStream,
		Env:      (&recordedEnv{}).environment(),
		Logf:     func(format string, args ...any) { t.Logf(format, args...) },
		LogPanic: func(*invocation.Info, *contract.Panic) {},
	}
	configure(&cfg)
	ctx, stop := context.WithCancel(context.Background())
	done, ended := make(chan error, 1), make(chan struct{})
	go func() {
		defer close(ended)
		done <- Run(ctx, cfg)
	}()
	t.Cleanup(func() {
		stop()
		<-ended
	})
	return done
}

// waitOrFail waits for ch, failing the test after a while.
func waitOrFail[T any](t *testing.T, what string, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("waited 10 s for %s", what)
		panic("unreachable")
	}
}

func TestStreamFlushedWritesLeaveAsTheyAreWritten(t *testing.T) {
	api := newStreamingAPI(t, functionURLEvent("s-1", "/events"), event("s-2", `{"item":"tea"}`))
	runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Add("Set-Cookie", "seen=1")
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(w, "data: %d\n\n", i)
			w.(http.Flusher).Flush()
			// The next event is written only once Lambda has this one: a
			// buffered answer would never get here.
			api.received("/invocation/s-1/response", fmt.Sprintf("data: %d\n\n", i))
		}
		fmt.Fprint(w, "data: end\n\n") // not flushed: leaves when the handler returns
	})
	posts := api.ended(1)
	p := posts[0]
	want := prelude(`{"statusCode":200,"headers":{"Content-Type":"text/event-stream"},"cookies":["seen=1"]}`) + "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: end\n\n"
	if p.path != "/invocation/s-1/response" || p.body.String() != want {
		t.Errorf("got %s %q, want %q", p.path, p.body.String(), want)
	}
	for name, value := range map[string]string{
		"Content-Type":      httpevent.StreamContentType,
		headerResponseMode:  "streaming",
		"Transfer-Encoding": "", // Go's server removes it; the body arrived chunked, or it could not have arrived in parts
	} {
		if got := p.header.Get(name); got != value {
			t.Errorf("header %s: got %q, want %q", name, got, value)
		}
	}
	// Go's server takes the declared trailers out of the header, into Trailer.
	if _, declared := p.trailer[trailerErrorType]; !declared {
		t.Errorf("%s is not declared: %v", trailerErrorType, p.trailer)
	}
	if _, declared := p.trailer[trailerErrorBody]; !declared {
		t.Errorf("%s is not declared: %v", trailerErrorBody, p.trailer)
	}
	if p.trailer.Get(trailerErrorType) != "" || p.trailer.Get(trailerErrorBody) != "" {
		t.Errorf("a successful answer has error trailers: %v", p.trailer)
	}
}

func TestStreamTypedAnswerLeavesWhole(t *testing.T) {
	api := newStreamingAPI(t, event("t-1", `{"item":"tea"}`))
	runStreaming(t, api, shop)
	p := api.ended(1)[0]
	if p.path != "/invocation/t-1/response" || p.body.String() != `{"deadline":"2100-01-01T00:00:00Z","item":"tea"}` {
		t.Errorf("got %s %q", p.path, p.body.String())
	}
	if p.header.Get("Content-Type") != "application/json" || p.header.Get(headerResponseMode) != "streaming" {
		t.Errorf("headers: %v", p.header)
	}
}

func TestStreamFailureAfterTheFirstByteGoesInTheTrailers(t *testing.T) {
	tests := []struct {
		name    string
		fail    func()
		errType string
		message string
		exits   bool
	}{
		{"a panic, then the process exits", func() { panic("the model fell over") }, "string", "the model fell over", true},
		{"an aborted handler", func() { panic(http.ErrAbortHandler) }, "AbortError", "the handler aborted its answer (it panicked with http.ErrAbortHandler)", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newStreamingAPI(t, functionURLEvent("f-1", "/tokens"), functionURLEvent("f-2", "/next"))
			done := runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/next" {
					return
				}
				io.WriteString(w, "The answer is")
				w.(http.Flusher).Flush()
				api.received("/invocation/f-1/response", "The answer is")
				io.WriteString(w, " forty") // written before the failure: it is sent too
				tt.fail()
			})
			if tt.exits {
				err := waitOrFail(t, "the loop to end", done)
				var exit *PanicExit
				if !errors.As(err, &exit) || exit.RequestID != "f-1" {
					t.Errorf("Run returned %v, want a *PanicExit for f-1", err)
				}
			}
			posts := api.ended(map[bool]int{true: 1, false: 2}[tt.exits])
			p := posts[0]
			if p.path != "/invocation/f-1/response" || !strings.HasSuffix(p.body.String(), "\x00The answer is forty") {
				t.Errorf("got %s %q", p.path, p.body.String())
			}
			report := trailerReport(t, p)
			if report.Type != tt.errType || report.Message != tt.message {
				t.Errorf("trailers: got %+v, want type %q, message %q", report, tt.errType, tt.message)
			}
			if tt.exits && !strings.Contains(strings.Join(report.StackTrace, "\n"), "TestStreamFailureAfterTheFirstByteGoesInTheTrailers") {
				t.Errorf("the panic's report has no stack trace naming the function: %q", report.StackTrace)
			}
			for _, p := range posts {
				if strings.HasSuffix(p.path, "/error") {
					t.Errorf("the failure was also posted to %s", p.path)
				}
			}
			if !tt.exits && posts[1].path != "/invocation/f-2/response" {
				t.Errorf("the loop did not go on: %s", posts[1].path)
			}
		})
	}
}

func TestStreamFailureBeforeTheFirstByteIsReportedAsABufferedOne(t *testing.T) {
	api := newStreamingAPI(t,
		functionURLEvent("b-1", "/held"),
		event("b-2", `{"not":"an http event"}`),
		functionURLEvent("b-3", "/after"),
	)
	done := runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "held back") // buffered, never flushed: nothing has left
		if r.URL.Path == "/held" {
			panic(http.ErrAbortHandler)
		}
	})
	posts := api.ended(3)
	if posts[0].path != "/invocation/b-1/error" || posts[0].header.Get(headerErrorType) != "AbortError" {
		t.Errorf("first: got %s %v", posts[0].path, posts[0].header)
	}
	if posts[1].path != "/invocation/b-2/error" || posts[1].header.Get(headerErrorType) != "InputError" || !strings.Contains(posts[1].body.String(), "not an HTTP request") {
		t.Errorf("second: got %s %q", posts[1].path, posts[1].body.String())
	}
	if posts[2].path != "/invocation/b-3/response" || !strings.HasSuffix(posts[2].body.String(), "\x00held back") {
		t.Errorf("third: got %s %q", posts[2].path, posts[2].body.String())
	}
	select {
	case err := <-done:
		t.Errorf("the loop ended: %v", err)
	default:
	}
}

func TestStreamEndsAtTheDeadline(t *testing.T) {
	deadline := func() string { return strconv.FormatInt(time.Now().Add(400*time.Millisecond).UnixMilli(), 10) }
	api := newStreamingAPI(t,
		functionURLEvent("d-1", "/slow", headerDeadlineMs, deadline()),
		functionURLEvent("d-2", "/silent", headerDeadlineMs, "0"), // set below: the first must not eat its time
		functionURLEvent("d-3", "/quick"),
	)
	writeAfter := make(chan error, 1)
	release := make(chan struct{})
	runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/slow":
			io.WriteString(w, "started")
			w.(http.Flusher).Flush()
			<-release // it ignores its context
			_, err := io.WriteString(w, "too late")
			writeAfter <- err
		case "/silent":
			<-r.Context().Done() // it waits for its deadline, and writes nothing
		default:
			io.WriteString(w, "quick")
		}
	})
	// The first answer ends at its deadline while its handler still runs.
	posts := api.ended(1)
	report := trailerReport(t, posts[0])
	if !strings.HasSuffix(posts[0].body.String(), "\x00started") || report.Type != "Sandbox.Timedout" || !strings.Contains(report.Message, "RequestId: d-1 Error: the function was still running at its deadline; its context was cancelled, and nothing it writes from then on is sent") {
		t.Errorf("got %q, %+v", posts[0].body.String(), report)
	}
	api.queue.mu.Lock()
	api.queue.events[0].header[headerDeadlineMs] = deadline()
	api.queue.mu.Unlock()
	close(release)
	if err := waitOrFail(t, "the late write", writeAfter); !errors.Is(err, http.ErrHandlerTimeout) {
		t.Errorf("a write after the deadline: got %v, want http.ErrHandlerTimeout", err)
	}
	// The second's deadline passes before any byte: its error is posted as a buffered answer's.
	posts = api.ended(3)
	if posts[1].path != "/invocation/d-2/error" || posts[1].header.Get(headerErrorType) != "Sandbox.Timedout" {
		t.Errorf("second: got %s %v", posts[1].path, posts[1].header)
	}
	if posts[2].path != "/invocation/d-3/response" || !strings.HasSuffix(posts[2].body.String(), "\x00quick") {
		t.Errorf("third: got %s %q", posts[2].path, posts[2].body.String())
	}
}

func TestStreamThatLambdaCutsOffStopsTheLoop(t *testing.T) {
	api := newStreamingAPI(t, functionURLEvent("c-1", "/download"))
	api.breakAfter["/invocation/c-1/response"] = 1
	writeFailed := make(chan error, 1)
	done := runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
		chunk := strings.Repeat("x", 32<<10)
		for i := 0; i < 10000; i++ {
			if _, err := io.WriteString(w, chunk); err != nil {
				writeFailed <- err
				return
			}
		}
		writeFailed <- nil
	})
	if err := waitOrFail(t, "the handler's write to fail", writeFailed); err == nil || !strings.Contains(err.Error(), "the streamed answer could not be sent") {
		t.Errorf("the handler's write: got %v", err)
	}
	if err := waitOrFail(t, "the loop to end", done); err == nil || !strings.Contains(err.Error(), "posting the streamed answer of request c-1") {
		t.Errorf("Run returned %v", err)
	}
}

func TestStreamThatLambdaRefusesAsTooLargeFailsTheInvocation(t *testing.T) {
	api := newStreamingAPI(t, event("big", `{"item":"tea"}`), event("next", `{"item":"tea"}`))
	api.refuse["/invocation/big/response"] = http.StatusRequestEntityTooLarge
	runStreaming(t, api, shop)
	posts := api.ended(3)
	if posts[1].path != "/invocation/big/error" || posts[1].header.Get(headerErrorType) != "Runtime.ResponseTooLarge" || !strings.Contains(posts[1].body.String(), "refused after 48 bytes") {
		t.Errorf("after 413: got %s %q", posts[1].path, posts[1].body.String())
	}
	if posts[2].path != "/invocation/next/response" {
		t.Errorf("the loop did not go on: %s", posts[2].path)
	}
}

func TestStreamOfNothing(t *testing.T) {
	api := newStreamingAPI(t, event("n-1", `"x"`))
	runStreaming(t, api, func(payload []byte) ([]byte, error) { return nil, nil })
	p := api.ended(1)[0]
	if p.path != "/invocation/n-1/response" || p.body.Len() != 0 || p.bodyReadError != nil {
		t.Errorf("got %s %q (%v)", p.path, p.body.String(), p.bodyReadError)
	}
}

func TestInvokeModeFrom(t *testing.T) {
	for value, want := range map[string]InvokeMode{"": Buffered, "BUFFERED": Buffered, "response_stream": ResponseStream, " RESPONSE_STREAM ": ResponseStream} {
		got, err := InvokeModeFrom(func(string) string { return value })
		if err != nil || got != want {
			t.Errorf("%q: got %v, %v; want %v", value, got, err, want)
		}
	}
	_, err := InvokeModeFrom(func(string) string { return "stream" })
	if err == nil || !strings.Contains(err.Error(), `GO_HANDOFF_LAMBDA_INVOKE_MODE="stream" is not an invoke mode: set it to RESPONSE_STREAM`) {
		t.Errorf("got %v", err)
	}
}

func TestStreamCarriesMoreThanABufferedAnswerCan(t *testing.T) {
	const size = 8 << 20 // over the 6 MB of a buffered answer
	api := newStreamingAPI(t, functionURLEvent("l-1", "/download"))
	runStreaming(t, api, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		chunk := []byte(strings.Repeat("0123456789abcdef", 2<<10))
		for sent := 0; sent < size; sent += len(chunk) {
			w.Write(chunk)
		}
	})
	p := api.ended(1)[0]
	head := prelude(`{"statusCode":200,"headers":{"Content-Type":"application/octet-stream"}}`)
	if p.body.Len() != len(head)+size || !strings.HasPrefix(p.body.String(), head) || p.bodyReadError != nil {
		t.Errorf("got %d bytes (%v), want the prelude and %d", p.body.Len(), p.bodyReadError, size)
	}
}
