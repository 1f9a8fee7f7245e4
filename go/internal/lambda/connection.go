package lambda

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// connection is one kept-alive HTTP/1.1 connection to the Runtime API, on
// which calls follow each other: connections gives it to one call at a time.
//
// Not http.Client: its Transport (connection pools, HTTP/2, proxies, gzip)
// adds about 300 KB to every function's binary, Lambda or not, for a peer
// that is a plain HTTP/1.1 server on this machine. Requests and responses
// are still written and parsed by net/http (Request.Write, ReadResponse),
// which the server side links anyway.
type connection struct {
	address string

	conn   net.Conn
	reader *bufio.Reader
	// reused is whether conn has carried a call already: a reused
	// connection may have been closed by the peer while idle.
	reused bool
}

// longAgo, set as a deadline, makes the connection's pending reads and
// writes fail at once.
var longAgo = time.Unix(1, 0)

// do sends req and reads the whole answer. A call that finds its reused
// connection closed by the peer before any answer came is retried once on
// a new one, as http.Transport does: nothing reached the Runtime API.
func (c *connection) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	for attempt := 0; ; attempt++ {
		resp, body, answered, err := c.once(ctx, req)
		if err == nil || answered || !c.reused || attempt > 0 || ctx.Err() != nil {
			if err != nil {
				c.drop()
			}
			return resp, body, err
		}
		c.drop()
		if req.GetBody != nil {
			if req.Body, err = req.GetBody(); err != nil {
				return nil, nil, err
			}
		}
	}
}

// once makes the call on the current connection, dialling one first if
// there is none; answered says whether any of an answer arrived.
func (c *connection) once(ctx context.Context, req *http.Request) (resp *http.Response, body []byte, answered bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, false, err // a poll stopped before it began must not reach the Runtime API
	}
	if err := c.dial(ctx); err != nil {
		return nil, nil, false, err
	}
	if err := c.write(ctx, req); err != nil {
		return nil, nil, false, err
	}
	return c.read(ctx, req)
}

// dial connects, unless the connection is open.
func (c *connection) dial(ctx context.Context) error {
	if c.conn != nil {
		return nil
	}
	var dialer net.Dialer
	conn, err := dialer.DialContext(ctx, "tcp", c.address)
	if err != nil {
		return err
	}
	c.conn, c.reader, c.reused = conn, bufio.NewReader(conn), false
	return nil
}

// write sends req; cancelling ctx interrupts it. A write that ctx's end
// raced is a failure, and the connection is dropped: it is not known how
// much of req left, and no answer is to be kept.
func (c *connection) write(ctx context.Context, req *http.Request) (err error) {
	defer c.interruptible(ctx, &err)()
	if err := req.Write(c.conn); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		c.drop()
		return err
	}
	return nil
}

// read reads the answer to req, the next one on the connection;
// answered says whether any of it arrived. Cancelling ctx interrupts it
// (the loop's Next waits for as long as the next invocation takes).
func (c *connection) read(ctx context.Context, req *http.Request) (resp *http.Response, body []byte, answered bool, err error) {
	if c.conn == nil {
		// Dropped as ctx ended, after the request left.
		if err := ctx.Err(); err != nil {
			return nil, nil, false, err
		}
		return nil, nil, false, errors.New("the connection closed before the answer")
	}
	defer c.interruptible(ctx, &err)()
	if _, err := c.reader.Peek(1); err != nil {
		return nil, nil, false, err
	}
	resp, err = http.ReadResponse(c.reader, req)
	if err != nil {
		return nil, nil, true, fmt.Errorf("reading the answer: %w", err)
	}
	body, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, true, fmt.Errorf("reading the answer's body: %w", err)
	}
	c.reused = true
	if resp.Close {
		c.drop()
	}
	return resp, body, true, nil
}

// interruptible makes ctx's end interrupt the connection's reads and writes
// until the function it returns is called, which sets *err to ctx's error
// when that interrupted them. A call that succeeded as ctx ended stands (an
// invocation the Runtime API handed out must be served, or it is lost), but
// the connection's deadline is spent, and it is dropped.
func (c *connection) interruptible(ctx context.Context, err *error) (done func()) {
	conn := c.conn
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(longAgo) })
	return func() {
		if stop() {
			return
		}
		if *err != nil {
			*err = ctx.Err()
			return
		}
		c.drop()
	}
}

// drop closes the connection; the next call dials a new one.
func (c *connection) drop() {
	if c.conn != nil {
		c.conn.Close()
	}
	c.conn, c.reader, c.reused = nil, nil, false
}
