package contract

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// serveWithTimeout runs fn behind a real server with the given timeout.
func serveWithTimeout(t *testing.T, fn any, timeout time.Duration) *httptest.Server {
	t.Helper()
	adapted, err := Adapt(fn)
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewUnstartedServer(WithInvocation(adapted.Handler, timeout))
	server.Config.ConnContext = invocation.WithConn // as internal/server does
	server.Start()
	// Not server.Close, which waits for every request to end: a function
	// past its deadline may still be running (as in production, where the
	// process's end ends it).
	t.Cleanup(func() { server.Listener.Close(); server.CloseClientConnections() })
	return server
}

func TestDeadlineAnswersPromptlyInTheContractsShape(t *testing.T) {
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	cancelled := make(chan error, 4)
	wait := func(ctx context.Context) { <-stuck; cancelled <- ctx.Err() }
	tests := []struct {
		name     string
		fn       any
		wantBody string
	}{
		{"typed", func(ctx context.Context) (string, error) { wait(ctx); return "late", nil }, `"errorType":"Timeout"`},
		{"bytes", func(p []byte, c *testContext) ([]byte, error) { <-stuck; return p, nil }, `{"error":"the function did not finish within its timeout of 200ms (the default)`},
		{"net/http", func(w http.ResponseWriter, r *http.Request) { <-stuck }, "the function did not finish within its timeout of 200ms"},
		{"ignoring its context", func(w http.ResponseWriter, r *http.Request) { time.Sleep(time.Hour) }, "did not finish within its timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := serveWithTimeout(t, tt.fn, 200*time.Millisecond)
			started := time.Now()
			resp, err := http.Post(server.URL, "application/json", strings.NewReader("{}"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if elapsed := time.Since(started); elapsed > 2*time.Second {
				t.Errorf("answered after %s, want promptly after the 200ms timeout", elapsed)
			}
			if resp.StatusCode != http.StatusGatewayTimeout || !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("got %d %q, want 504 with %q", resp.StatusCode, body, tt.wantBody)
			}
			// The server goes on serving.
			resp, err = http.Get(server.URL)
			if err != nil {
				t.Fatalf("after a timeout: %v", err)
			}
			resp.Body.Close()
		})
	}
}

func TestTypedTimeoutCarriesTheRequestID(t *testing.T) {
	server := serveWithTimeout(t, func(ctx context.Context) error { <-ctx.Done(); time.Sleep(50 * time.Millisecond); return ctx.Err() }, 100*time.Millisecond)
	req, _ := http.NewRequest("POST", server.URL, nil)
	req.Header.Set("Function-Execution-Id", "exec-slow")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]string
	json.NewDecoder(resp.Body).Decode(&body)
	if !strings.HasPrefix(body["errorMessage"], "RequestId: exec-slow Error: the function did not finish within its timeout of 100ms") {
		t.Errorf("got %v", body)
	}
}

func TestAFunctionInTimeIsUntouched(t *testing.T) {
	server := serveWithTimeout(t, func(w http.ResponseWriter, r *http.Request) {
		deadline, ok := r.Context().Deadline()
		if !ok || time.Until(deadline) > time.Minute {
			http.Error(w, "no deadline", 500)
			return
		}
		io.WriteString(w, "in time")
	}, time.Minute)
	resp, err := http.Get(server.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "in time" {
		t.Errorf("got %d %q", resp.StatusCode, body)
	}
}

func TestAnAnswerBegunBeforeTheDeadlineIsCutOff(t *testing.T) {
	server := serveWithTimeout(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100")
		io.WriteString(w, "the beginning")
		w.(http.Flusher).Flush()
		time.Sleep(time.Hour)
	}, 200*time.Millisecond)
	conn, err := net.Dial("tcp", strings.TrimPrefix(server.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || string(body) != "the beginning" || err == nil {
		t.Errorf("got %d %q %v; want the beginning, then the connection closed short", resp.StatusCode, body, err)
	}
}

func TestHTTPBodyLimit(t *testing.T) {
	defer MaxBodyBytes.Store(MaxBodyBytes.Load())
	MaxBodyBytes.Store(16)
	server := serveWithTimeout(t, func(w http.ResponseWriter, r *http.Request) {
		_, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
			return
		}
		io.WriteString(w, "read it all")
	}, 0)
	resp, _ := http.Post(server.URL, "text/plain", strings.NewReader(strings.Repeat("x", 17)))
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(body), "larger than the limit of 16 bytes") {
		t.Errorf("declared length: got %d %q", resp.StatusCode, body)
	}
	// A chunked body: the function finds out when it reads past the limit.
	req, _ := http.NewRequest("POST", server.URL, io.MultiReader(strings.NewReader(strings.Repeat("y", 40))))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	if resp.StatusCode != 413 || !strings.Contains(string(body), "request body too large") {
		t.Errorf("chunked: got %d %q", resp.StatusCode, body)
	}
}

// Without a connection to answer on (Lambda's HTTP events are served
// through an in-memory ResponseWriter), the function runs on a goroutine of
// its own and the request's goroutine answers at the deadline.
func TestDeadlineWithoutAConnectionStillAnswers(t *testing.T) {
	stuck := make(chan struct{})
	t.Cleanup(func() { close(stuck) })
	adapted, err := Adapt(func(w http.ResponseWriter, r *http.Request) { <-stuck })
	if err != nil {
		t.Fatal(err)
	}
	handler := WithInvocation(adapted.Handler, 100*time.Millisecond)
	recorder := httptest.NewRecorder()
	started := time.Now()
	handler.ServeHTTP(recorder, httptest.NewRequest("GET", "/", nil))
	if elapsed := time.Since(started); elapsed > 2*time.Second {
		t.Errorf("answered after %s, want promptly after the 100ms timeout", elapsed)
	}
	if recorder.Code != http.StatusGatewayTimeout || !strings.Contains(recorder.Body.String(), "did not finish within its timeout of 100ms") {
		t.Errorf("got %d %q, want 504 naming the timeout", recorder.Code, recorder.Body.String())
	}
}
