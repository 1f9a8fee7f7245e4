package linger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// pair is a client connection and the server's Conn for it, accepted through
// a Drains listener.
func pair(t *testing.T, bounds Bounds) (*Drains, net.Conn, *Conn) {
	t.Helper()
	drains := New(bounds)
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := drains.Listener(raw)
	t.Cleanup(func() { l.Close() })
	client, err := net.Dial("tcp", raw.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	server, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	return drains, client, server.(*Conn)
}

const answer = "HTTP/1.1 413 Request Entity Too Large\r\nConnection: close\r\nContent-Length: 8\r\n\r\ntoo big!"

// sendAllThenRead is a client in the style of Python's http.client: it
// writes its whole request before it reads a byte of the answer.
func sendAllThenRead(client net.Conn, body int) (string, error) {
	chunk := []byte(strings.Repeat("x", 64<<10))
	if _, err := fmt.Fprintf(client, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", body); err != nil {
		return "", err
	}
	for sent := 0; sent < body; sent += len(chunk) {
		if _, err := client.Write(chunk[:min(len(chunk), body-sent)]); err != nil {
			return "", fmt.Errorf("writing the body after %d bytes: %w", sent, err)
		}
	}
	got, err := io.ReadAll(client)
	return string(got), err
}

// answerAndClose is what net/http does with a connection whose body it gives
// up on: flush the answer, CloseWrite, then Close (500 ms later).
func answerAndClose(server net.Conn) {
	io.WriteString(server, answer)
	server.(interface{ CloseWrite() error }).CloseWrite()
	server.Close()
}

func TestAClientThatSendsEverythingFirstReadsTheAnswer(t *testing.T) {
	drains, client, server := pair(t, Bounds{Bytes: 64 << 20, Time: 5 * time.Second})
	answerAndClose(server)
	// Far more than loopback's socket buffers hold: without the drain, the
	// client's writes would fail with a reset.
	got, err := sendAllThenRead(client, 24<<20)
	if err != nil || got != answer {
		t.Fatalf("client read %q, %v; want the whole answer", got, err)
	}
	client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Second)
	defer cancel()
	started := time.Now()
	drains.Wait(ctx)
	if time.Since(started) > 3*time.Second { // the bound is 5 s
		t.Errorf("the drain went on after the client closed (%s)", time.Since(started))
	}
}

// writeUntilBroken writes until the connection fails, or for up to limit;
// it returns when writing stopped working.
func writeUntilBroken(client net.Conn, every time.Duration, chunk int, limit time.Duration) (time.Duration, int, error) {
	started := time.Now()
	buf := []byte(strings.Repeat("x", chunk))
	sent := 0
	for time.Since(started) < limit {
		client.SetWriteDeadline(time.Now().Add(limit))
		n, err := client.Write(buf)
		sent += n
		if err != nil {
			return time.Since(started), sent, err
		}
		time.Sleep(every)
	}
	return time.Since(started), sent, nil
}

func TestTheDrainEndsAtTheByteBound(t *testing.T) {
	_, client, server := pair(t, Bounds{Bytes: 1 << 20, Time: 10 * time.Second})
	answerAndClose(server)
	took, sent, err := writeUntilBroken(client, 0, 64<<10, 5*time.Second)
	if err == nil {
		t.Fatalf("the client could still write after %s and %d bytes; want the connection closed after the 1 MiB bound", took, sent)
	}
	// What the client wrote fits in the bound plus the two sockets' buffers.
	if took > 3*time.Second || sent > 64<<20 {
		t.Errorf("the connection closed after %s and %d bytes; want soon after 1 MiB", took, sent)
	}
}

func TestATricklingClientIsCutOffAtTheTimeBound(t *testing.T) {
	_, client, server := pair(t, Bounds{Bytes: 1 << 30, Time: 400 * time.Millisecond})
	answerAndClose(server)
	took, _, err := writeUntilBroken(client, 10*time.Millisecond, 1, 5*time.Second)
	if err == nil || took < 350*time.Millisecond || took > 3*time.Second {
		t.Errorf("the trickling client could write for %s (%v); want it cut off soon after 400ms", took, err)
	}
}

func TestACloseWithoutCloseWriteIsImmediate(t *testing.T) {
	_, client, server := pair(t, Bounds{Bytes: 1 << 30, Time: 10 * time.Second})
	server.Close()
	client.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := client.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("client read %v; want EOF at once (idle and keep-alive connections close as before)", err)
	}
}

func TestOnlyTheDrainReadsALingeringConnection(t *testing.T) {
	_, client, server := pair(t, DefaultBounds)
	io.WriteString(client, "the rest of a body")
	server.CloseWrite()
	if _, err := server.Read(make([]byte, 10)); !errors.Is(err, ErrAnswered) {
		t.Errorf("Read after CloseWrite gave %v; want ErrAnswered", err)
	}
	// A deadline net/http clears on its way out must not unbound the drain.
	if err := server.SetReadDeadline(time.Time{}); err != nil {
		t.Errorf("SetReadDeadline on a lingering Conn: %v", err)
	}
}

func TestWaitCutsDrainsAtItsDeadline(t *testing.T) {
	drains, client, server := pair(t, Bounds{Bytes: 1 << 30, Time: time.Minute})
	answerAndClose(server)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	started := time.Now()
	drains.Wait(ctx)
	if took := time.Since(started); took < 250*time.Millisecond || took > 3*time.Second {
		t.Errorf("Wait returned after %s; want at its 300ms deadline", took)
	}
	client.SetReadDeadline(time.Now().Add(2 * time.Second))
	if got, err := io.ReadAll(client); err != nil || string(got) != answer {
		t.Errorf("after the cut the client read %q, %v; want the answer and EOF", got, err)
	}
	// Past the grace period no drain starts: the connection closes at once.
	_, client2, server2 := pair(t, Bounds{Bytes: 1 << 30, Time: time.Minute})
	late := drains.Wrap(server2.Conn)
	late.CloseWrite()
	client2.SetReadDeadline(time.Now().Add(2 * time.Second))
	io.WriteString(client2, "more")
	if _, err := io.ReadAll(client2); err != nil && !errors.Is(err, net.ErrClosed) && !isReset(err) {
		t.Errorf("a drain after the cut: client read %v", err)
	}
}

func isReset(err error) bool { return err != nil && strings.Contains(err.Error(), "reset") }

func TestFinishLingersAConnectionNodeAnswered(t *testing.T) {
	drains, client, server := pair(t, DefaultBounds)
	io.WriteString(server.Conn, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 5\r\n\r\nready")
	// Unread request bytes on the server side: a plain close would send RST.
	fmt.Fprint(client, "POST /load HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"+strings.Repeat("x", 50000))
	drains.Finish(server.Conn)
	client.SetReadDeadline(time.Now().Add(5 * time.Second))
	all, err := io.ReadAll(client)
	if err != nil || !strings.HasSuffix(string(all), "ready") {
		t.Errorf("client read %q, %v", all, err)
	}
	client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	drains.Wait(ctx)
	if ctx.Err() != nil {
		t.Errorf("the drain did not end after the client closed")
	}
}

func TestAfterCloseAfterAnswerNothingMoreIsReadAndCloseLingers(t *testing.T) {
	_, client, server := pair(t, Bounds{Bytes: 64 << 20, Time: 5 * time.Second})
	server.CloseAfterAnswer()
	io.WriteString(client, "the rest of a body, or a request smuggled in it")
	if _, err := server.Read(make([]byte, 10)); !errors.Is(err, errLastRequest) {
		t.Errorf("Read gave %v; want errLastRequest", err)
	}
	// net/http's close, after the answer: a client still sending reads it.
	io.WriteString(server, answer)
	server.Close()
	got, err := sendAllThenRead(client, 24<<20)
	if err != nil || got != answer {
		t.Fatalf("client read %q, %v; want the whole answer", got, err)
	}
}

func TestWrittenCountsWhatWasSent(t *testing.T) {
	_, client, server := pair(t, DefaultBounds)
	go io.Copy(io.Discard, client)
	io.WriteString(server, "hello")
	server.ReadFrom(strings.NewReader(strings.Repeat("x", 100000))) // sendfile's path
	if got := server.Written(); got != 100005 {
		t.Errorf("Written() = %d, want 100005", got)
	}
}

func TestReadsWaitNoLongerThanARunningBudget(t *testing.T) {
	_, _, server := pair(t, Bounds{Bytes: 1 << 30, Time: 300 * time.Millisecond})
	server.StartBudget()
	started := time.Now()
	server.SetReadDeadline(time.Now().Add(time.Hour))
	if _, err := server.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) || time.Since(started) > 2*time.Second {
		t.Errorf("a read with an hour's deadline, 300ms of budget: %v after %s", err, time.Since(started))
	}
	// Stopped, the budget bounds nothing.
	server.StopBudget()
	server.SetReadDeadline(time.Now().Add(time.Hour))
	done := make(chan error, 1)
	go func() { _, err := server.Read(make([]byte, 1)); done <- err }()
	select {
	case err := <-done:
		t.Errorf("the read ended with %v; want it to wait", err)
	case <-time.After(600 * time.Millisecond):
	}
}
