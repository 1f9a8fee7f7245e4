package contract

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/linger"
)

// serveOnConnections serves fn as the SDK does, on connections like the
// server's (linger.Conn, in the request's context).
func serveOnConnections(t *testing.T, fn func(http.ResponseWriter, *http.Request)) string {
	t.Helper()
	adapted, err := Adapt(fn)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(WithInvocation(adapted.Handler, 0))
	srv.Listener = linger.New(linger.DefaultBounds).Listener(srv.Listener)
	srv.Config.ConnContext = invocation.WithConn
	srv.Config.ErrorLog = nil
	srv.Start()
	t.Cleanup(srv.Close)
	return srv.Listener.Addr().String()
}

// clientOutcome is what a client got: "STATUS body (X-Google-Status)", then
// whether the connection served another request; or "broken" when the
// answer did not arrive whole.
func clientOutcome(t *testing.T, addr string) string {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	reader := bufio.NewReader(conn)
	io.WriteString(conn, "GET /panic HTTP/1.1\r\nHost: x\r\nFunction-Execution-Id: exec-1\r\n\r\n")
	resp, err := http.ReadResponse(reader, nil)
	for err == nil && resp.StatusCode < 200 { // 1xx, then the answer
		resp, err = http.ReadResponse(reader, nil)
	}
	if err != nil {
		return "broken"
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "broken"
	}
	got := fmt.Sprintf("%d %q (%s)", resp.StatusCode, body, resp.Header.Get("X-Google-Status"))
	io.WriteString(conn, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
	if next, err := http.ReadResponse(reader, nil); err == nil && next.StatusCode == 200 {
		got += ", served on"
	}
	return got
}

func TestAPanicAfterTheAnswerBegan(t *testing.T) {
	nilClient := func() { var client *struct{ table string }; _ = client.table }
	tests := []struct {
		name     string
		function func(w http.ResponseWriter)
		want     string
	}{
		{"nothing written: the SDK's 500", func(w http.ResponseWriter) { panic("boom") }, `500 "RequestId: exec-1 Error: the function panicked; its stack trace is in the logs\n" (crash), served on`},
		{"an error answered (Google's bigtable sample): that answer", func(w http.ResponseWriter) {
			http.Error(w, "could not read the table", http.StatusInternalServerError)
			nilClient()
		}, `500 "could not read the table\n" (), served on`},
		{"an error status alone: that answer", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
			nilClient()
		}, `503 "" (), served on`},
		{"early hints, then nothing: the SDK's 500", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusEarlyHints)
			panic("boom")
		}, `500 "RequestId: exec-1 Error: the function panicked; its stack trace is in the logs\n" (crash), served on`},
		{"a success begun: aborted", func(w http.ResponseWriter) {
			io.WriteString(w, "half of it")
			nilClient()
		}, "broken"},
		{"a client error begun: aborted", func(w http.ResponseWriter) {
			http.Error(w, "bad", http.StatusBadRequest)
			nilClient()
		}, "broken"},
		{"an error flushed: aborted", func(w http.ResponseWriter) {
			http.Error(w, "could not read the table", http.StatusInternalServerError)
			w.(http.Flusher).Flush()
			nilClient()
		}, "broken"},
		{"an error too large to hold, partly sent: aborted", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, strings.Repeat("x", 64<<10))
			nilClient()
		}, "broken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := serveOnConnections(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/next" {
					return
				}
				tt.function(w)
			})
			if got := clientOutcome(t, addr); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestTrackedAnswerWithoutAConnection(t *testing.T) {
	// Lambda's HTTP events record the answer: nothing leaves before the end
	// but what the function flushes.
	w := TrackAnswer(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Began() || w.ErrorHeld() {
		t.Errorf("before any write: began %v, error held %v", w.Began(), w.ErrorHeld())
	}
	w.WriteHeader(http.StatusBadGateway)
	io.WriteString(w, strings.Repeat("x", 64<<10))
	if !w.Began() || !w.ErrorHeld() {
		t.Errorf("a 502 recorded: began %v, error held %v; want both", w.Began(), w.ErrorHeld())
	}
	w.Flush()
	if w.ErrorHeld() {
		t.Error("flushed, the 502 is said to be held still")
	}
}
