package logging

import (
	"sync"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Lines written without a context (fmt.Println, log.Printf, slog.Info) can
// be attributed to an invocation only when there is exactly one in flight,
// as the eawsy shim and Google's cloud-functions-go did with one request at
// a time. With several in flight, such lines carry no execution id; slog's
// *Context functions and handoff.Logger(ctx) attribute exactly.
var inFlight = struct {
	sync.Mutex
	set map[*invocation.Info]struct{}
}{set: map[*invocation.Info]struct{}{}}

// Begin notes that info is being served.
func Begin(info *invocation.Info) {
	inFlight.Lock()
	inFlight.set[info] = struct{}{}
	inFlight.Unlock()
	if captured != nil {
		captured.began(info)
	}
}

// End notes that info has been served.
func End(info *invocation.Info) {
	if captured != nil {
		captured.ended(info)
	}
	inFlight.Lock()
	delete(inFlight.set, info)
	inFlight.Unlock()
}

// Current is the one invocation in flight, or nil when there are none or several.
func Current() *invocation.Info {
	inFlight.Lock()
	defer inFlight.Unlock()
	if len(inFlight.set) != 1 {
		return nil
	}
	for info := range inFlight.set {
		return info
	}
	return nil
}
