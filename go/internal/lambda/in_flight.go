package lambda

import (
	"sort"
	"sync"
	"time"
)

// inFlight is the set of invocations being served, with their deadlines,
// so that a loop that stops (after a panic) can wait for the others to be
// answered, but not for ever: on Lambda Managed Instances an invocation that
// overruns its deadline is failed by Lambda and its environment goes on, so
// a function that ignores its context can hold its goroutine past the end.
type inFlight struct {
	mu        sync.Mutex
	deadlines map[string]time.Time // request id -> deadline (zero: none given)
	// changed is signalled when an invocation ends: the wait limit may be sooner.
	changed chan struct{}
}

func newInFlight() *inFlight {
	return &inFlight{deadlines: map[string]time.Time{}, changed: make(chan struct{}, 1)}
}

func (f *inFlight) add(requestID string, deadline time.Time) {
	f.mu.Lock()
	f.deadlines[requestID] = deadline
	f.mu.Unlock()
}

func (f *inFlight) remove(requestID string) {
	f.mu.Lock()
	delete(f.deadlines, requestID)
	f.mu.Unlock()
	select {
	case f.changed <- struct{}{}:
	default:
	}
}

// waitLimit is how long from now to wait for the invocations in flight:
// until the last deadline, plus grace for the answer to be posted (with
// none in flight, grace: the loops are returning). ok is false when one has
// no deadline (only the tests' fake Runtime API leaves it out): then there
// is no limit.
func (f *inFlight) waitLimit(now time.Time, grace time.Duration) (limit time.Duration, ok bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.deadlines) == 0 {
		return grace, true
	}
	var latest time.Time
	for _, deadline := range f.deadlines {
		if deadline.IsZero() {
			return 0, false
		}
		if deadline.After(latest) {
			latest = deadline
		}
	}
	return latest.Add(grace).Sub(now), true
}

// ids lists the invocations still in flight, sorted.
func (f *inFlight) ids() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := make([]string, 0, len(f.deadlines))
	for id := range f.deadlines {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// drain waits until done is closed (every loop has returned), or until
// the invocations still in flight are past their deadlines by grace. It
// returns those it stopped waiting for.
func (f *inFlight) drain(done <-chan struct{}, grace time.Duration) (abandoned []string) {
	for {
		limit, ok := f.waitLimit(time.Now(), grace)
		if ok && limit <= 0 {
			return f.ids()
		}
		if f.waitForChange(done, limit, ok) {
			return nil
		}
	}
}

// waitForChange waits until done is closed (true), an invocation ends, or
// limit passes (unless bounded is false).
func (f *inFlight) waitForChange(done <-chan struct{}, limit time.Duration, bounded bool) bool {
	var expired <-chan time.Time
	if bounded {
		timer := time.NewTimer(limit)
		defer timer.Stop()
		expired = timer.C
	}
	select {
	case <-done:
		return true
	case <-f.changed:
		// One ended: the others' limit may be sooner.
	case <-expired:
		// Look again: an invocation handed out as the polls stopped may
		// have begun since, with a later deadline.
	}
	return false
}
