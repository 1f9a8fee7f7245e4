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

// A typed function's 413 for a declared body is given outside the deadline
// guard (its drain is not the function's time): the body is read to its
// end, and the connection serves on, as linger.AnswerEarly promises.
func TestATypedFunctionsDeclared413KeepsTheConnection(t *testing.T) {
	defer MaxBodyBytes.Store(MaxBodyBytes.Load())
	MaxBodyBytes.Store(1 << 20)
	adapted, err := Adapt(func(in map[string]any) (string, error) { return "ran", nil })
	if err != nil {
		t.Fatal(err)
	}
	drains := linger.New(linger.Bounds{Bytes: 64 << 20, Time: 10 * time.Second})
	server := httptest.NewUnstartedServer(WithInvocation(adapted.Handler, time.Minute))
	server.Listener = drains.Listener(server.Listener)
	server.Config.ConnContext = invocation.WithConn
	server.Start()
	defer server.Close()

	conn, err := net.Dial("tcp", server.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(20 * time.Second))
	// The whole body before reading: 16 MiB, more than loopback buffers.
	size := 16 << 20
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size)
	chunk := []byte(strings.Repeat("x", 64<<10))
	for sent := 0; sent < size; sent += len(chunk) {
		if _, err := conn.Write(chunk); err != nil {
			t.Fatalf("writing the body after %d bytes: %v", sent, err)
		}
	}
	reader := bufio.NewReader(conn)
	answer, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(answer.Body)
	if answer.StatusCode != 413 || !strings.Contains(string(body), `"errorMessage":"the request body is larger than the limit of 1 MiB`) || answer.Close {
		t.Errorf("got %d %q (close %v); want the typed 413, the connection kept", answer.StatusCode, body, answer.Close)
	}
	io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}")
	next, err := http.ReadResponse(reader, nil)
	if err != nil {
		t.Fatalf("the next request on the same connection: %v", err)
	}
	if body, _ := io.ReadAll(next.Body); next.StatusCode != 200 || string(body) != `"ran"` {
		t.Errorf("the next request got %d %q", next.StatusCode, body)
	}
}
