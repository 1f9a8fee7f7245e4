package linger

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
)

// refusingServer answers 413 through AnswerEarly to every POST without
// reading its body, and "ok" to everything else, the way internal/server
// serves: every connection a Conn, recorded in the request's context.
func refusingServer(t *testing.T, bounds Bounds) (addr string, drains *Drains) {
	t.Helper()
	drains = New(bounds)
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			io.WriteString(w, "ok")
			return
		}
		AnswerEarly(w, r, func(w http.ResponseWriter) { http.Error(w, "the body is too large", http.StatusRequestEntityTooLarge) })
	}))
	server.Listener = drains.Listener(server.Listener)
	server.Config.ConnContext = invocation.WithConn
	server.Start()
	t.Cleanup(server.Close)
	return server.Listener.Addr().String(), drains
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	return conn
}

// writeWholeRequest writes a request and its body before reading anything;
// chunked when chunked is set, else with a declared length.
func writeWholeRequest(conn net.Conn, size int, chunked bool) error {
	w := bufio.NewWriterSize(conn, 64<<10)
	if chunked {
		fmt.Fprintf(w, "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
	} else {
		fmt.Fprintf(w, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size)
	}
	chunk := strings.Repeat("x", 32<<10)
	for sent := 0; sent < size; sent += len(chunk) {
		part := chunk[:min(len(chunk), size-sent)]
		if chunked {
			fmt.Fprintf(w, "%x\r\n%s\r\n", len(part), part)
		} else {
			w.WriteString(part)
		}
		if err := w.Flush(); err != nil {
			return fmt.Errorf("writing the body after %d bytes: %w", sent, err)
		}
	}
	if chunked {
		w.WriteString("0\r\n\r\n")
	}
	return w.Flush()
}

func TestADeclaredBodyWithinTheBoundIsReadAndTheConnectionServesOn(t *testing.T) {
	addr, _ := refusingServer(t, Bounds{Bytes: 64 << 20, Time: 10 * time.Second})
	conn := dial(t, addr)
	if err := writeWholeRequest(conn, 24<<20, false); err != nil {
		t.Fatal(err)
	}
	reader := bufio.NewReader(conn)
	first, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(first.Body)
	if first.StatusCode != 413 || !strings.Contains(string(body), "too large") || first.Close {
		t.Errorf("got %d %q (close %v); want 413 with its message, the connection kept", first.StatusCode, body, first.Close)
	}
	io.WriteString(conn, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
	second, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatalf("the next request on the same connection: %v", err)
	}
	if body, _ := io.ReadAll(second.Body); string(body) != "ok" {
		t.Errorf("the next request got %q", body)
	}
}

func TestAChunkedBodyIsAnsweredAndTheConnectionLingersAsItCloses(t *testing.T) {
	addr, _ := refusingServer(t, Bounds{Bytes: 64 << 20, Time: 10 * time.Second})
	conn := dial(t, addr)
	if err := writeWholeRequest(conn, 24<<20, true); err != nil {
		t.Fatal(err)
	}
	answer, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(answer.Body)
	if answer.StatusCode != 413 || !strings.Contains(string(body), "too large") || !answer.Close {
		t.Errorf("got %d %q (close %v); want 413 with its message and Connection: close", answer.StatusCode, body, answer.Close)
	}
}

func TestADeclaredBodyOverTheByteBoundIsCutOffAtTheBound(t *testing.T) {
	addr, _ := refusingServer(t, Bounds{Bytes: 4 << 20, Time: 10 * time.Second})
	conn := dial(t, addr)
	started := time.Now()
	err := writeWholeRequest(conn, 64<<20, false)
	if err == nil || time.Since(started) > 5*time.Second { // the time bound is 10 s
		t.Errorf("a 64 MiB body against a 4 MiB bound: writing it ended after %s with %v; want it cut off soon", time.Since(started), err)
	}
}

func TestExpectContinueGetsTheAnswerWithoutSendingTheBody(t *testing.T) {
	addr, _ := refusingServer(t, DefaultBounds)
	conn := dial(t, addr)
	io.WriteString(conn, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 41943040\r\nExpect: 100-continue\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(3 * time.Second))
	answer, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if answer.StatusCode != 413 || !answer.Close {
		t.Errorf("got %d (close %v); want 413 and Connection: close, and no 100 Continue first", answer.StatusCode, answer.Close)
	}
}

func TestATricklingDeclaredBodyIsCutOffAtTheTimeBound(t *testing.T) {
	addr, _ := refusingServer(t, Bounds{Bytes: 64 << 20, Time: 400 * time.Millisecond})
	conn := dial(t, addr)
	io.WriteString(conn, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
	reader := bufio.NewReader(conn)
	answer, err := http.ReadResponse(reader, nil)
	if err != nil || answer.StatusCode != 413 {
		t.Fatalf("got %v, %v; want the 413 at once", answer, err)
	}
	io.ReadAll(answer.Body)
	started := time.Now()
	took, _, err := writeUntilBroken(conn, 10*time.Millisecond, 1, 5*time.Second)
	// net/http waits 500 ms after its CloseWrite before it closes.
	if err == nil || took > 3*time.Second {
		t.Errorf("the trickling client could write for %s after the answer (%v); want it cut off soon after 400ms", time.Since(started), err)
	}
}

// The rest of a body that did not end within the time bound is never read as
// the next request: the connection ends instead. (A body under net/http's own
// 256 KiB tolerance once was, after the drain's read timed out.)
func TestTheRestOfABodyCutOffAtTheTimeBoundIsNeverReadAsARequest(t *testing.T) {
	addr, _ := refusingServer(t, Bounds{Bytes: 64 << 20, Time: 300 * time.Millisecond})
	conn := dial(t, addr)
	smuggled := "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
	fmt.Fprintf(conn, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\nxxxxxxxxxx", 10+len(smuggled))
	reader := bufio.NewReader(conn)
	answer, err := http.ReadResponse(reader, nil)
	if err != nil || answer.StatusCode != 413 {
		t.Fatalf("got %v, %v; want the 413 at once", answer, err)
	}
	io.ReadAll(answer.Body)
	time.Sleep(600 * time.Millisecond) // past the time bound
	io.WriteString(conn, smuggled)
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if next, err := http.ReadResponse(reader, nil); err == nil {
		t.Errorf("the body's last bytes were served as a request: %d", next.StatusCode)
	}
}
