package server

import (
	"container/list"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	"github.com/go-handoff/go-handoff/internal/logging"
)

// DefaultMaxConnections is the connection cap when none is set: 4096, or
// half the descriptors the process may open when that is less, so that
// idle clients can never take the descriptors the function needs for its
// own files and connections.
//
// 4096 is four times Cloud Run's highest concurrency (1000 requests at
// once per instance, each on a connection of its own from the platform's
// front end). Idle connections cost about 17 KiB each (goroutine, buffers,
// socket: 2,000 of them took the process from 20 to 54 MB, as issue 22's
// probe measured), so 70 MiB at most.
func DefaultMaxConnections() int {
	const ceiling = 4096
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &limit); err == nil && limit.Cur/2 < ceiling {
		return max(int(limit.Cur/2), 64)
	}
	return ceiling
}

// connectionCap bounds the connections the server holds. Past max, each
// new connection, and each that goes idle, makes the server close the
// connection idle longest: new clients are always served, and what gives
// way is a keep-alive connection nobody is using, which its client must
// be ready to see closed anyway (RFC 9112 section 9.5). Connections busy
// with a request, or still sending their first one (bounded by the header
// timeout), are never closed: when all of them are, the count goes over
// max for as long as that lasts, and the log says so once.
//
// It follows the connections through http.Server's ConnState hook.
type connectionCap struct {
	max int

	mu       sync.Mutex
	held     int       // accepted, and neither closed nor hijacked
	evicting int       // of them, told to close and not closed yet
	idle     list.List // *servedConn, idle longest first
	over     bool      // over max with none idle, said once
}

func newConnectionCap(max int) *connectionCap { return &connectionCap{max: max} }

// observe is http.Server.ConnState.
func (cc *connectionCap) observe(conn net.Conn, state http.ConnState) {
	c := servedConnOf(conn)
	if c == nil {
		return
	}
	if state == http.StateHijacked {
		c.tookOver()
	}
	if cc.max <= 0 {
		return
	}
	cc.mu.Lock()
	switch state {
	case http.StateNew:
		cc.held++
	case http.StateActive:
		cc.forget(c)
	case http.StateIdle:
		c.idleSince = cc.idle.PushBack(c)
	case http.StateHijacked, http.StateClosed:
		cc.forget(c)
		cc.held--
	}
	warn := cc.evict()
	held := cc.held
	cc.mu.Unlock()
	if warn {
		logging.SDK(logging.Warning, "%d connections held, over the cap of %d (GO_HANDOFF_MAX_CONNECTIONS), and none of them idle: new ones are still served", held, cc.max)
	}
}

// forget takes c off the idle list; a connection told to close that
// turns out busy (its client's next request came first) is held again.
func (cc *connectionCap) forget(c *servedConn) {
	if c.idleSince != nil {
		cc.idle.Remove(c.idleSince)
		c.idleSince = nil
	}
	if c.evicted {
		c.evicted = false
		c.closing.Store(false)
		cc.evicting--
	}
}

// evict closes the connections idle longest until the count is back
// within max, and says whether the log should say that it cannot be.
func (cc *connectionCap) evict() (warn bool) {
	for cc.held-cc.evicting > cc.max {
		oldest := cc.idle.Front()
		if oldest == nil {
			warn, cc.over = !cc.over, true
			return warn
		}
		c := oldest.Value.(*servedConn)
		cc.idle.Remove(oldest)
		c.idleSince, c.evicted = nil, true
		cc.evicting++
		// Its wait in net/http for its next request fails, and net/http
		// closes it; unless that request came first, which is served.
		c.close()
	}
	if cc.held-cc.evicting < cc.max {
		cc.over = false
	}
	return false
}

// aLongTimeAgo is a deadline that has passed, as net/http uses to wake a
// blocked read.
var aLongTimeAgo = time.Unix(1, 0)
