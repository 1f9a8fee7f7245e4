package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/linger"
)

// readsItsBody reads the whole body, and answers as the contracts do: 408
// for a body too slow, 400 for another failure.
var readsItsBody = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	var tooSlow *BodyTooSlowError
	switch {
	case errors.As(err, &tooSlow) && errors.Is(err, os.ErrDeadlineExceeded):
		http.Error(w, err.Error(), http.StatusRequestTimeout)
	case err != nil:
		http.Error(w, err.Error(), http.StatusBadRequest)
	default:
		fmt.Fprintf(w, "read %d bytes", len(body))
	}
})

// ignoresItsBody answers without reading a byte of the body.
var ignoresItsBody = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ignored") })

func TestATricklingBodyIsCutOffAtItsBound(t *testing.T) {
	tests := []struct {
		name   string
		head   string
		pieces []string
	}{
		{"declared", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", bytesOf(strings.Repeat("x", 100))},
		{"chunked", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", chunksOf(strings.Repeat("x", 100))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			addr := serveInProcess(t, Config{Handler: readsItsBody, Body: BodyBounds{Timeout: 400 * time.Millisecond, MinRate: 500}, Drain: linger.Bounds{Time: 300 * time.Millisecond}})
			c := dialServer(t, addr)
			started := time.Now()
			c.send(tt.head)
			c.trickle(tt.pieces, 100*time.Millisecond) // 10 bytes a second
			status, connection, body, err := c.answer(5 * time.Second)
			took := time.Since(started)
			if err != nil || status != http.StatusRequestTimeout || connection != "close" || !strings.Contains(body, "the request body came too slowly") || !strings.Contains(body, "GO_HANDOFF_BODY_TIMEOUT") {
				t.Fatalf("got %d (Connection: %q) %q, %v; want 408 with why, and Connection: close", status, connection, body, err)
			}
			if took < 350*time.Millisecond || took > 2*time.Second {
				t.Errorf("answered after %s; want about 400ms", took)
			}
			if !c.closedWithin(2 * time.Second) {
				t.Errorf("the connection was still open 2s after the answer")
			}
		})
	}
}

func TestABodyTheFunctionIgnoredHoldsTheAnswerNoLongerThanTheDrainBound(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			// A generous body bound: what cuts the wait is the drain's.
			addr := serveInProcess(t, Config{Handler: ignoresItsBody, Body: BodyBounds{Timeout: 10 * time.Second, MinRate: 500}, Drain: linger.Bounds{Time: 300 * time.Millisecond}})
			c := dialServer(t, addr)
			started := time.Now()
			if chunked {
				c.send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
				c.trickle(chunksOf(strings.Repeat("x", 100)), 100*time.Millisecond)
			} else {
				c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
				c.trickle(bytesOf(strings.Repeat("x", 100)), 100*time.Millisecond)
			}
			status, connection, body, err := c.answer(5 * time.Second)
			if err != nil || status != http.StatusOK || body != "ignored" || connection != "close" {
				t.Fatalf("got %d (Connection: %q) %q, %v; want the function's answer, and Connection: close", status, connection, body, err)
			}
			if took := time.Since(started); took > 1500*time.Millisecond {
				t.Errorf("the answer waited %s for a body nobody reads; want about 300ms", took)
			}
			if !c.closedWithin(2 * time.Second) {
				t.Errorf("the connection was still open 2s after the answer")
			}
		})
	}
}

func TestAnUploadThatKeepsComingIsNeverCut(t *testing.T) {
	// Far longer than the bound in all, and far faster than its rate.
	addr := serveInProcess(t, Config{Handler: readsItsBody, Body: BodyBounds{Timeout: 200 * time.Millisecond, MinRate: 500}})
	c := dialServer(t, addr)
	const pieces, size = 40, 1024
	c.send(fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", pieces*size))
	c.trickle(strings.SplitAfterN(strings.Repeat(strings.Repeat("x", size-1)+"\n", pieces), "\n", pieces), 30*time.Millisecond)
	status, _, body, err := c.answer(10 * time.Second)
	if err != nil || status != http.StatusOK || body != fmt.Sprintf("read %d bytes", pieces*size) {
		t.Fatalf("got %d %q, %v; want the whole upload read", status, body, err)
	}
}

func TestAFunctionThatReadsSlowlyIsNotTakenForASlowClient(t *testing.T) {
	slowReader := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		buf := make([]byte, 1024)
		total := 0
		for {
			n, err := r.Body.Read(buf)
			total += n
			if err == io.EOF {
				break
			}
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			time.Sleep(40 * time.Millisecond) // 20 reads: 800ms, four times the bound
		}
		fmt.Fprintf(w, "read %d bytes", total)
	})
	addr := serveInProcess(t, Config{Handler: slowReader, Body: BodyBounds{Timeout: 200 * time.Millisecond, MinRate: 500}})
	c := dialServer(t, addr)
	c.send(fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n%s", 20*1024, strings.Repeat("x", 20*1024)))
	if status, _, body, err := c.answer(10 * time.Second); err != nil || status != http.StatusOK || body != "read 20480 bytes" {
		t.Fatalf("got %d %q, %v; want the whole body read", status, body, err)
	}
}

func TestWhatTheFunctionLeftOfItsBody(t *testing.T) {
	addr := serveInProcess(t, Config{Handler: ignoresItsBody, Body: DefaultBodyBounds, Drain: linger.Bounds{Time: 2 * time.Second}})

	t.Run("a small body, all there, is read and the connection serves on", func(t *testing.T) {
		c := dialServer(t, addr)
		c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
		if status, connection, _, err := c.answer(2 * time.Second); err != nil || status != 200 || connection == "close" {
			t.Fatalf("got %d (Connection: %q), %v; want 200, the connection kept", status, connection, err)
		}
		c.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
		if status, _, body, err := c.answer(2 * time.Second); err != nil || status != 200 || body != "ignored" {
			t.Fatalf("the next request: got %d %q, %v", status, body, err)
		}
	})

	t.Run("a body larger than is worth reading ends the connection", func(t *testing.T) {
		c := dialServer(t, addr)
		c.send(fmt.Sprintf("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", 4<<20))
		go io.WriteString(c.conn, strings.Repeat("x", 4<<20))
		if status, connection, _, err := c.answer(5 * time.Second); err != nil || status != 200 || connection != "close" {
			t.Fatalf("got %d (Connection: %q), %v; want 200 with Connection: close", status, connection, err)
		}
	})

	t.Run("a client waiting for 100 Continue gets the answer without sending its body", func(t *testing.T) {
		c := dialServer(t, addr)
		started := time.Now()
		c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
		status, connection, body, err := c.answer(2 * time.Second)
		if err != nil || status != 200 || body != "ignored" || connection != "close" || time.Since(started) > time.Second {
			t.Fatalf("got %d (Connection: %q) %q, %v after %s; want the answer at once, and Connection: close", status, connection, body, err, time.Since(started))
		}
	})
}

func TestBodyTooSlowErrorIsADeadlineError(t *testing.T) {
	err := error(&BodyTooSlowError{Received: 3, Waited: 1500 * time.Millisecond, Bounds: BodyBounds{Timeout: time.Second, MinRate: 500}})
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Error("errors.Is(err, os.ErrDeadlineExceeded) = false; the contracts answer 408 on it")
	}
	want := "the request body came too slowly: 3 bytes in 1.5s of waiting; a body may keep the server waiting 1s, plus 1s for every 500 bytes it brings (GO_HANDOFF_BODY_TIMEOUT, GO_HANDOFF_BODY_MIN_RATE)"
	if err.Error() != want {
		t.Errorf("got %q, want %q", err.Error(), want)
	}
}
