package server

import (
	"errors"
	"net"
	"os"
	"sync/atomic"
	"time"
)

// backlogDrainTime is how long, at shutdown, a listener goes on accepting
// the connections the kernel had queued, before it closes. A fixed time:
// under steady load the queue never empties.
const backlogDrainTime = 100 * time.Millisecond

// gracefulListener lets a shutdown take the connections waiting in the
// kernel's accept queue instead of resetting them. Closing a listening
// socket resets every connection still queued on it: those clients did
// connect (the kernel completed their handshake), they just were not
// accepted yet.
type gracefulListener struct {
	net.Listener
	deadline interface{ SetDeadline(time.Time) error }
	draining atomic.Bool
}

// newGracefulListener wraps l; raw is the listener whose deadline governs
// l's Accept (l itself, or the listener under a wrapper).
func newGracefulListener(l net.Listener, raw net.Listener) *gracefulListener {
	g := &gracefulListener{Listener: l}
	g.deadline, _ = raw.(interface{ SetDeadline(time.Time) error })
	return g
}

// drain makes Accept return what is queued for backlogDrainTime more, then
// report the listener closed, which ends http.Server.Serve.
func (g *gracefulListener) drain() {
	g.draining.Store(true)
	if g.deadline != nil {
		_ = g.deadline.SetDeadline(time.Now().Add(backlogDrainTime))
	} else {
		g.Listener.Close()
	}
}

func (g *gracefulListener) Accept() (net.Conn, error) {
	conn, err := g.Listener.Accept()
	if err != nil && g.draining.Load() && errors.Is(err, os.ErrDeadlineExceeded) {
		// Serve retries temporary errors (a deadline is one): this one is final.
		return nil, net.ErrClosed
	}
	return conn, err
}
