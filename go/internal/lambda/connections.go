package lambda

import (
	"context"
	"net/http"
	"sync"
)

// connections gives each call to the Runtime API a kept-alive connection of
// its own, so that the client is safe for concurrent use: on Lambda Managed
// Instances AWS_LAMBDA_MAX_CONCURRENCY loops each hold a GET /next open
// (a long poll) while others post answers. HTTP/1.1 carries one call at a
// time per connection, so there are as many connections as calls at once
// (with one loop: one connection, as before), and a finished call's
// connection waits, idle, for the next call.
type connections struct {
	address string

	mu   sync.Mutex
	idle []*connection
}

// do makes one call on a connection no other call is using.
func (p *connections) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	conn := p.acquire()
	defer p.release(conn)
	return conn.do(ctx, req)
}

// acquire takes the connection used last (the likeliest to be still open),
// or a new one, not yet dialled, when every connection is busy.
func (p *connections) acquire() *connection {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.idle); n > 0 {
		conn := p.idle[n-1]
		p.idle = p.idle[:n-1]
		return conn
	}
	return &connection{address: p.address}
}

// release gives conn back for the next call. A connection its last call
// closed (an error, Connection: close) comes back too: it dials again when
// it is next used.
func (p *connections) release(conn *connection) {
	p.mu.Lock()
	p.idle = append(p.idle, conn)
	p.mu.Unlock()
}
