package linger

import (
	"context"
	"net"
	"sync"
)

// Drains holds the bounds and keeps track of the drains under way, so that
// a shutdown can wait for them, up to its grace period, and then cut them.
type Drains struct {
	bounds Bounds

	mu      sync.Mutex
	running map[*Conn]struct{}
	idle    chan struct{} // closed when running empties; nil when nobody waits
	cutOff  bool          // after Wait gave up: no new drain starts
}

// New returns a Drains with bounds (DefaultBounds for a zero field).
func New(bounds Bounds) *Drains {
	return &Drains{bounds: bounds.orDefault(), running: map[*Conn]struct{}{}}
}

// Bounds are the bounds each drain has.
func (d *Drains) Bounds() Bounds { return d.bounds }

// Listener wraps every connection l accepts in a Conn.
func (d *Drains) Listener(l net.Listener) net.Listener { return &listener{Listener: l, drains: d} }

// Wrap makes conn a Conn of d: for a connection that did not come from one of
// d's listeners.
func (d *Drains) Wrap(conn net.Conn) *Conn { return &Conn{Conn: conn, drains: d} }

// Finish lingers conn, whose last answer is already out (the connections
// Node.js answered with Connection: close before the hand-over).
func (d *Drains) Finish(conn net.Conn) { d.Wrap(conn).CloseWrite() }

// Wait returns when no drain is running, or, when ctx ends first, cuts the
// drains still running (and any that would start from then on) and returns
// once they have stopped.
func (d *Drains) Wait(ctx context.Context) {
	for {
		d.mu.Lock()
		if len(d.running) == 0 {
			d.mu.Unlock()
			return
		}
		if d.idle == nil {
			d.idle = make(chan struct{})
		}
		idle := d.idle
		d.mu.Unlock()
		select {
		case <-idle:
		case <-ctx.Done():
			d.cutAll()
			<-idle // closing their sockets ends their reads at once
			return
		}
	}
}

func (d *Drains) cutAll() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.cutOff = true
	for c := range d.running {
		c.cut()
	}
}

func (d *Drains) add(c *Conn) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cutOff {
		return false
	}
	d.running[c] = struct{}{}
	return true
}

func (d *Drains) remove(c *Conn) {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.running, c)
	if len(d.running) == 0 && d.idle != nil {
		close(d.idle)
		d.idle = nil
	}
}

type listener struct {
	net.Listener
	drains *Drains
}

func (l *listener) Accept() (net.Conn, error) {
	conn, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.drains.Wrap(conn), nil
}
