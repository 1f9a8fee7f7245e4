package server

import (
	"container/list"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/linger"
)

// servedConn is an accepted connection with what the server keeps about
// it: the framing of the requests read from it, whether a function took it
// over (Hijack), and its place among the idle connections (connectionCap).
// It sits under the connection's linger.Conn, which is what net/http and
// the request's context hold.
type servedConn struct {
	net.Conn

	mu        sync.Mutex // guards framing
	framing   framing
	following atomic.Bool // framing.following(), read without the lock
	hijacked  atomic.Bool
	// closing: connectionCap told this idle connection to close. Every read
	// deadline net/http sets is then one long past, so that its wait for
	// the next request ends at once, whenever it begins, until that request
	// comes first (its bytes arrive): then it is served.
	closing atomic.Bool

	// connectionCap's, under its lock.
	idleSince *list.Element
	evicted   bool
}

// withServedConns wraps every connection l accepts in a servedConn.
func withServedConns(l net.Listener) net.Listener { return servedListener{l} }

type servedListener struct{ net.Listener }

func (l servedListener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &servedConn{Conn: conn}
	c.following.Store(true)
	return c, nil
}

// Read reads the connection for net/http, following the framing of what
// it reads.
func (c *servedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && c.closing.Load() {
		c.closing.Store(false)
	}
	if n > 0 && c.following.Load() {
		c.mu.Lock()
		c.framing.feed(p[:n])
		c.following.Store(c.framing.following())
		c.mu.Unlock()
	}
	return n, err
}

// close makes the connection's wait for its next request end at once.
func (c *servedConn) close() {
	c.closing.Store(true)
	c.Conn.SetReadDeadline(aLongTimeAgo)
}

func (c *servedConn) SetReadDeadline(t time.Time) error {
	if c.closing.Load() {
		t = aLongTimeAgo
	}
	return c.Conn.SetReadDeadline(t)
}

func (c *servedConn) SetDeadline(t time.Time) error {
	if err := c.Conn.SetWriteDeadline(t); err != nil {
		return err
	}
	return c.SetReadDeadline(t)
}

// nextVerdict is the framing of the request net/http hands the server now.
func (c *servedConn) nextVerdict() verdict {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.framing.next()
}

// tookOver notes that a function hijacked the connection: what it reads
// from then on is its own protocol, not requests.
func (c *servedConn) tookOver() {
	c.hijacked.Store(true)
	c.mu.Lock()
	c.framing.stop()
	c.following.Store(false)
	c.mu.Unlock()
}

// CloseWrite and ReadFrom reach the TCP connection's own, which the
// lingering close and net/http's file answers (sendfile) use.
func (c *servedConn) CloseWrite() error {
	if half, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return half.CloseWrite()
	}
	return nil
}

func (c *servedConn) ReadFrom(r io.Reader) (int64, error) {
	if from, ok := c.Conn.(io.ReaderFrom); ok {
		return from.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// servedConnOf is the servedConn under conn (the connection net/http
// serves), or nil.
func servedConnOf(conn net.Conn) *servedConn {
	if l, ok := conn.(*linger.Conn); ok {
		conn = l.Conn
	}
	c, _ := conn.(*servedConn)
	return c
}

// connOfRequest is the connection r came on: the linger.Conn net/http
// serves, and the servedConn under it; nil for requests that came another
// way (Lambda's events, tests).
func connOfRequest(r *http.Request) (*linger.Conn, *servedConn) {
	l, _ := invocation.ConnFrom(r.Context()).(*linger.Conn)
	if l == nil {
		return nil, nil
	}
	return l, servedConnOf(l)
}
