package server

import (
	"net"
	"sync"
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
