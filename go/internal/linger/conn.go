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

// errLastRequest is what net/http reads from a connection whose request in
// progress is its last (CloseAfterAnswer): nothing more, so that it never
// takes the rest of a body for the next request.
var errLastRequest = errors.New("go-handoff: the connection serves no more requests: the rest of this request's body is not read")

// Conn is an accepted connection whose CloseWrite starts a lingering close.
// It also counts the bytes sent on it (Written), for the panic recovery
// that must know whether any of an answer has left.
type Conn struct {
	net.Conn
	drains *Drains

	// lingering: the answer is out and the drain has begun. From then on
	// the drain alone reads the connection, sets its read deadline and
	// closes it.
	lingering atomic.Bool

	// last: the request in progress is the connection's last, because its
	// body will not be read to its end (CloseAfterAnswer).
	last atomic.Bool

	written atomic.Int64

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
	if c.last.Load() {
		return 0, errLastRequest
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
// closes it when the drain ends. A connection whose last request's body was
// left unread lingers now.
func (c *Conn) Close() error {
	if c.lingering.Load() {
		return nil
	}
	if c.last.Load() {
		c.CloseWrite()
		return nil
	}
	return c.Conn.Close()
}

// CloseAfterAnswer makes the request in progress the connection's last: its
// body will not be read to its end (a client too slow to send it, a body
// too large to be worth reading, framing that cannot be trusted). From now
// on net/http reads nothing more from the connection, so that it cannot
// take the rest of the body for another request, and closing the
// connection, once the answer is out, lingers as CloseWrite does.
func (c *Conn) CloseAfterAnswer() { c.last.Store(true) }

// SetDeadline and SetReadDeadline are the drain's alone once it has begun:
// net/http clears deadlines on its way out, which would unbound the drain.
// Before that, while a drain's budget runs (AnswerEarly reading a refused
// body), no read may wait past its end.
func (c *Conn) SetDeadline(t time.Time) error {
	if c.lingering.Load() {
		return c.Conn.SetWriteDeadline(t)
	}
	if err := c.Conn.SetWriteDeadline(t); err != nil {
		return err
	}
	return c.SetReadDeadline(t)
}

func (c *Conn) SetReadDeadline(t time.Time) error {
	if c.lingering.Load() {
		return nil
	}
	if end, running := c.budgetEnd(); running && (t.IsZero() || t.After(end)) {
		t = end
	}
	return c.Conn.SetReadDeadline(t)
}

// Write sends p, counting what was sent.
func (c *Conn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.written.Add(int64(n))
	return n, err
}

// Written is how many bytes have been sent on the connection.
func (c *Conn) Written() int64 { return c.written.Load() }

// ReadFrom keeps the TCP connection's sendfile/splice path for net/http's
// file answers (http.ServeFile), which a plain wrapper would hide.
func (c *Conn) ReadFrom(r io.Reader) (int64, error) {
	var n int64
	var err error
	if from, ok := c.Conn.(io.ReaderFrom); ok {
		n, err = from.ReadFrom(r)
	} else {
		n, err = io.Copy(struct{ io.Writer }{c.Conn}, r)
	}
	c.written.Add(n)
	return n, err
}

// StartBudget starts the drain's budget, once: the request's function has
// answered, or returned, before its body was read to its end. From now on,
// reads of the rest of the body wait no longer than the drain's time bound
// allows (SetReadDeadline), and a lingering close that follows has only
// what is left of the same budget.
func (c *Conn) StartBudget() { c.begin() }

// StopBudget stops it: the body was read to its end, and the connection
// serves on.
func (c *Conn) StopBudget() { c.end() }

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

// budgetEnd is when the running budget ends, if one runs.
func (c *Conn) budgetEnd() (time.Time, bool) {
	if !c.counting.Load() { // the common case, every request: none runs
		return time.Time{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.since.IsZero() {
		return time.Time{}, false
	}
	return c.since.Add(c.drains.bounds.Time), true
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
