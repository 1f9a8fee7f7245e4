package contract

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func (p *workers) idleCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

func TestWorkersAreReusedOneAfterAnother(t *testing.T) {
	p := &workers{idleTimeout: time.Minute}
	for i := 0; i < 100; i++ {
		done := make(chan struct{})
		p.run(func() { close(done) })
		<-done
		waitFor(t, func() bool { return p.idleCount() == 1 })
	}
}

func TestBusyWorkersAreNotShared(t *testing.T) {
	p := &workers{idleTimeout: time.Minute}
	release := make(chan struct{})
	var running sync.WaitGroup
	running.Add(5)
	for i := 0; i < 5; i++ {
		p.run(func() { running.Done(); <-release })
	}
	running.Wait() // five at once: each had a worker of its own
	close(release)
	waitFor(t, func() bool { return p.idleCount() == 5 })
}

func TestIdleWorkersEnd(t *testing.T) {
	before := runtime.NumGoroutine()
	p := &workers{idleTimeout: 20 * time.Millisecond}
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		p.run(func() { time.Sleep(5 * time.Millisecond); wg.Done() })
	}
	wg.Wait()
	waitFor(t, func() bool { return p.idleCount() == 0 && runtime.NumGoroutine() <= before })
}

// Work handed to a worker as its idle time runs out is done, not lost.
func TestWorkArrivingAsAWorkerRetiresIsDone(t *testing.T) {
	p := &workers{idleTimeout: time.Millisecond}
	var done atomic.Int64
	for i := 0; i < 2000; i++ {
		finished := make(chan struct{})
		p.run(func() { done.Add(1); close(finished) })
		select {
		case <-finished:
		case <-time.After(5 * time.Second):
			t.Fatalf("function %d was never run", i)
		}
		if i%7 == 0 {
			time.Sleep(time.Millisecond) // let some workers reach their timeout
		}
	}
	if done.Load() != 2000 {
		t.Fatalf("%d functions ran; want 2000", done.Load())
	}
}

func waitFor(t *testing.T, condition func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !condition() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached within 5 s")
		}
		time.Sleep(time.Millisecond)
	}
}
