package server

import (
	"io"
	"net"
	"sync"
	"time"
)

// withPassedConns makes l yield conns from Accept before any new connection,
// so that connections Node.js had accepted (but not read from) are served
// like any other.
func withPassedConns(l net.Listener, conns []net.Conn) net.Listener {
	if len(conns) == 0 {
		return l
	}
	return &prependedListener{Listener: l, pending: conns}
}

type prependedListener struct {
	net.Listener
	mu      sync.Mutex
	pending []net.Conn
}

func (p *prependedListener) Accept() (net.Conn, error) {
	p.mu.Lock()
	if len(p.pending) > 0 {
		conn := p.pending[0]
		p.pending = p.pending[1:]
		p.mu.Unlock()
		return conn, nil
	}
	p.mu.Unlock()
	return p.Listener.Accept()
}

// finishLingering closes a connection whose last response Node.js already
// sent with "Connection: close": it stops writing, reads whatever the client
// still sends (closing with unread data would send a reset, and the client
// could lose the response), then closes.
func finishLingering(conn net.Conn, limit time.Duration) {
	defer conn.Close()
	if half, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = half.CloseWrite()
	}
	_ = conn.SetReadDeadline(time.Now().Add(limit))
	_, _ = io.Copy(io.Discard, conn)
}
