package server

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

var answersOK = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })

// idleClient is a connection that made one request and got its answer.
func idleClient(t *testing.T, addr string) *client {
	t.Helper()
	c := dialServer(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	if status, _, _, err := c.answer(2 * time.Second); err != nil || status != 200 {
		t.Fatalf("got %d, %v", status, err)
	}
	return c
}

func TestAnIdleKeepAliveConnectionIsClosedAtTheIdleTimeout(t *testing.T) {
	addr := serveInProcess(t, Config{Handler: answersOK, IdleTimeout: 300 * time.Millisecond, ReadHeaderTimeout: 5 * time.Second})
	idle := idleClient(t, addr)
	busy := idleClient(t, addr)
	started := time.Now()
	// The busy one sends a request every 100ms, for longer than the timeout.
	for range 8 {
		time.Sleep(100 * time.Millisecond)
		busy.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		if status, _, _, err := busy.answer(time.Second); err != nil || status != 200 {
			t.Fatalf("a connection in use: got %d, %v after %s", status, err, time.Since(started))
		}
	}
	if !idle.closedWithin(time.Second) {
		t.Errorf("the idle connection was still open %s after its answer", time.Since(started))
	}
}

func TestPastTheCapTheConnectionsIdleLongestAreClosed(t *testing.T) {
	const max = 5
	// Each connection goes idle on the server a moment after its client
	// reads the answer: wait for that, so that idle longest is oldest.
	idle := make(chan struct{}, 100)
	addr := serveWatching(t, Config{Handler: answersOK, MaxConnections: max, IdleTimeout: time.Minute, ReadHeaderTimeout: 5 * time.Second}, func(state http.ConnState) {
		if state == http.StateIdle {
			idle <- struct{}{}
		}
	})
	var clients []*client
	for range 3 * max {
		clients = append(clients, idleClient(t, addr))
		<-idle
	}
	// The oldest ones were closed to make room, the newest still serve.
	for i, c := range clients[:2*max] {
		if !c.closedWithin(2 * time.Second) {
			t.Errorf("connection %d, among the %d idle longest, is still open", i, 2*max)
		}
	}
	for i, c := range clients[2*max:] {
		c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		if status, _, _, err := c.answer(2 * time.Second); err != nil || status != 200 {
			t.Errorf("connection %d, among the %d newest: got %d, %v", 2*max+i, max, status, err)
		}
	}
}

func TestPastTheCapBusyConnectionsAreStillServed(t *testing.T) {
	const max, busy = 2, 5
	release := make(chan struct{})
	var started sync.WaitGroup
	started.Add(busy)
	blocks := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/block" {
			started.Done()
			<-release
		}
		io.WriteString(w, "ok")
	})
	addr := serveInProcess(t, Config{Handler: blocks, MaxConnections: max, IdleTimeout: time.Minute, ReadHeaderTimeout: 5 * time.Second})
	var clients []*client
	for range busy {
		c := dialServer(t, addr)
		c.send("GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
		clients = append(clients, c)
	}
	started.Wait() // all busy at once: over the cap, none idle
	close(release)
	for i, c := range clients {
		if status, _, _, err := c.answer(2 * time.Second); err != nil || status != 200 {
			t.Fatalf("request %d: got %d, %v", i, status, err)
		}
	}
	// As they went idle, those over the cap were closed.
	open := 0
	for _, c := range clients {
		if !c.closedWithin(time.Second) {
			open++
		}
	}
	if open > max {
		t.Errorf("%d connections still open, want at most %d", open, max)
	}
}
