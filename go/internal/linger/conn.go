package linger

import (
	"errors"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
)

// ErrAnswered is what reading a lingering connection gives everyone but its
// drain: a function still reading the body of a request that was answered
// already (a 504) gets it instead of pieces of the bytes being thrown away.
var ErrAnswered = errors.New("go-handoff: the request was answered already and its connection is closing; the rest of the body is discarded")

// Conn is an accepted connection whose CloseWrite starts a lingering close.
type Conn struct {
	net.Conn
	drains *Drains

	// lingering: the answer is out and the drain has begun. From then on
	// the drain alone reads the connection, sets its read deadline and
	// closes it.
	lingering atomic.Bool

	// The drain's budget, shared by AnswerEarly's reading of the body and
	// the drain that may follow it: one clock and one byte count from the
	// moment the answer was given.
	mu       sync.Mutex
	since    time.Time // zero: no budget running
	counting atomic.Bool
	counted  atomic.Int64
}

// Read reads the connection for net/http, counting what a drain's budget
// must include.
func (c *Conn) Read(p []byte) (int, error) {
	if c.lingering.Load() {
		return 0, ErrAnswered
	}
	n, err := c.Conn.Read(p)
	if c.counting.Load() {
		c.counted.Add(int64(n))
	}
	return n, err
}

// CloseWrite ends the answer (a FIN to the client) and starts the drain:
// net/http calls it when it closes a connection with part of a request body
// unread, and so does the deadline guard after its 504.
func (c *Conn) CloseWrite() error {
	var err error
	if half, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		err = half.CloseWrite()
	}
	c.linger()
	return err
}

// Close closes the connection, unless it is lingering: then its drain
// closes it when the drain ends.
func (c *Conn) Close() error {
	if c.lingering.Load() {
		return nil
	}
	return c.Conn.Close()
}

// SetDeadline and SetReadDeadline are the drain's alone once it has begun:
// net/http clears deadlines on its way out, which would unbound the drain.
func (c *Conn) SetDeadline(t time.Time) error {
	if c.lingering.Load() {
		return c.Conn.SetWriteDeadline(t)
	}
	return c.Conn.SetDeadline(t)
}

func (c *Conn) SetReadDeadline(t time.Time) error {
	if c.lingering.Load() {
		return nil
	}
	return c.Conn.SetReadDeadline(t)
}

// ReadFrom keeps the TCP connection's sendfile/splice path for net/http's
// file answers (http.ServeFile), which a plain wrapper would hide.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	if from, ok := c.Conn.(io.ReaderFrom); ok {
		return from.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

// begin starts the budget, once: the answer has been given. It returns the
// time the drain must end by.
func (c *Conn) begin() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.since.IsZero() {
		c.since = time.Now()
		c.counted.Store(0)
		c.counting.Store(true)
	}
	return c.since.Add(c.drains.bounds.Time)
}

// end stops the budget: the body was read to its end, and the connection
// serves on.
func (c *Conn) end() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.since = time.Time{}
	c.counting.Store(false)
}

// linger starts the drain, once.
func (c *Conn) linger() {
	if !c.lingering.CompareAndSwap(false, true) {
		return
	}
	deadline := c.begin()
	if !c.drains.add(c) {
		c.Conn.Close() // shutting down, past the grace period: no more drains
		return
	}
	go c.drain(deadline)
}

// drain reads and discards what the client still sends until it closes its
// side, the byte bound is reached or the deadline passes, then closes.
func (c *Conn) drain(deadline time.Time) {
	defer c.drains.remove(c)
	defer c.Conn.Close()
	left := c.drains.bounds.Bytes - c.counted.Load()
	if left <= 0 || c.Conn.SetReadDeadline(deadline) != nil {
		return
	}
	// io.Discard reads into buffers it pools: a drain holds 8 KiB while it
	// runs, as little as net/http's own buffers for a connection.
	io.CopyN(io.Discard, c.Conn, left)
}

// cut ends a drain at once (shutdown's grace period is over).
func (c *Conn) cut() { c.Conn.Close() }
