package contract

import (
	"sync"
	"time"
)

// workers runs functions on goroutines that outlive one request. A new
// goroutine starts with a small stack, which an HTTP handler's calls grow,
// copying it, on every request: with a goroutine per request the trivial
// function of bench/ cost about 32 µs of CPU per request, with workers
// about 26 µs (25 µs without a deadline at all). A worker's stack grows
// once.
//
// Idle workers wait, most recently used first, and end after idleTimeout
// without work, so that a burst's goroutines do not outlive it for long.
type workers struct {
	mu          sync.Mutex
	idle        []*worker
	idleTimeout time.Duration
}

type worker struct {
	work chan func()
}

// handlerWorkers run the functions of requests that have a deadline but no
// connection to answer on (see withDeadline).
var handlerWorkers = &workers{idleTimeout: 10 * time.Second}

// run calls f on an idle worker, or on a new one when none is idle.
func (p *workers) run(f func()) {
	p.mu.Lock()
	if n := len(p.idle); n > 0 {
		w := p.idle[n-1]
		p.idle[n-1] = nil
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		w.work <- f
		return
	}
	p.mu.Unlock()
	w := &worker{work: make(chan func(), 1)}
	go p.serve(w, f)
}

func (p *workers) serve(w *worker, f func()) {
	timer := time.NewTimer(p.idleTimeout)
	defer timer.Stop()
	for {
		f()
		p.mu.Lock()
		p.idle = append(p.idle, w)
		p.mu.Unlock()
		timer.Reset(p.idleTimeout)
		select {
		case f = <-w.work:
		case <-timer.C:
			if p.retire(w) {
				return
			}
			// run took it off the idle list as the timer fired: its
			// function is on the way.
			f = <-w.work
		}
	}
}

// retire takes w off the idle list; false if run already has.
func (p *workers) retire(w *worker) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for i, idle := range p.idle {
		if idle == w {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return true
		}
	}
	return false
}
