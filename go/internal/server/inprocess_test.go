package server

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/linger"
)

// serveInProcess serves cfg as Run does (the same http.Server, the same
// connections), on a loopback port, for the rest of the test.
func serveInProcess(t *testing.T, cfg Config) string {
	t.Helper()
	return serveWatching(t, cfg, nil)
}

// serveWatching is serveInProcess, telling watch each connection's state
// after the server has seen it.
func serveWatching(t *testing.T, cfg Config, watch func(http.ConnState)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := newHTTPServer(cfg)
	if watch != nil {
		observe := srv.ConnState
		srv.ConnState = func(c net.Conn, state http.ConnState) {
			observe(c, state)
			watch(state)
		}
	}
	go srv.Serve(servingListener(l, linger.New(cfg.Drain)))
	t.Cleanup(func() { srv.Close() })
	return l.Addr().String()
}

// client is a raw connection to the server, reading answers as they come.
type client struct {
	t      *testing.T
	conn   net.Conn
	reader *bufio.Reader
}

func dialServer(t *testing.T, addr string) *client {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn, reader: bufio.NewReader(conn)}
}

func (c *client) send(text string) {
	c.t.Helper()
	if _, err := io.WriteString(c.conn, text); err != nil {
		c.t.Fatalf("sending %q: %v", text, err)
	}
}

// answer reads the next answer, waiting at most wait: its status, its
// Connection header ("close", or none) and its body.
func (c *client) answer(wait time.Duration) (status int, connection, body string, err error) {
	c.conn.SetReadDeadline(time.Now().Add(wait))
	resp, err := http.ReadResponse(c.reader, nil)
	if err != nil {
		return 0, "", "", err
	}
	data, err := io.ReadAll(resp.Body)
	if resp.Close { // net/http's reader takes "Connection: close" out of the header
		connection = "close"
	}
	return resp.StatusCode, connection, string(data), err
}

// closedWithin says whether the server ends the connection within wait
// (the client reads EOF, or a reset), with nothing more to read first.
func (c *client) closedWithin(wait time.Duration) bool {
	c.conn.SetReadDeadline(time.Now().Add(wait))
	_, err := c.reader.ReadByte()
	if err == nil {
		c.t.Errorf("read more after the answer")
		return false
	}
	var timeout net.Error
	if ok := asNetError(err, &timeout); ok && timeout.Timeout() {
		return false
	}
	return true
}

func asNetError(err error, target *net.Error) bool {
	e, ok := err.(net.Error)
	if ok {
		*target = e
	}
	return ok
}

// trickle sends body one piece at a time, every interval, until it is all
// sent or the connection breaks; it returns at once.
func (c *client) trickle(pieces []string, interval time.Duration) {
	go func() {
		for _, piece := range pieces {
			time.Sleep(interval)
			if _, err := io.WriteString(c.conn, piece); err != nil {
				return
			}
		}
	}()
}

// bytesOf is body one byte a piece; chunksOf is body as one-byte chunks
// and the last chunk.
func bytesOf(body string) []string { return strings.Split(body, "") }

func chunksOf(body string) []string {
	var pieces []string
	for _, b := range strings.Split(body, "") {
		pieces = append(pieces, fmt.Sprintf("1\r\n%s\r\n", b))
	}
	return append(pieces, "0\r\n\r\n")
}

// counted counts the requests its handler saw.
type counted struct {
	http.Handler
	seen atomic.Int64
}

func (c *counted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.seen.Add(1)
	c.Handler.ServeHTTP(w, r)
}
