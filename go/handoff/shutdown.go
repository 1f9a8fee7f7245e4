package handoff

import (
	"context"
	"sync"
)

var shutdownHooks struct {
	sync.Mutex
	hooks []func(context.Context)
}

// OnShutdown registers hook to run when the process is asked to stop
// (SIGTERM, SIGINT), after in-flight requests have finished: close database
// pools and flush buffers there. Hooks run one after the other, the last
// registered first (as deferred calls do), with a context that ends with the
// shutdown grace period.
func OnShutdown(hook func(ctx context.Context)) {
	shutdownHooks.Lock()
	defer shutdownHooks.Unlock()
	shutdownHooks.hooks = append(shutdownHooks.hooks, hook)
}

func runShutdownHooks(ctx context.Context) {
	shutdownHooks.Lock()
	hooks := append([]func(context.Context){}, shutdownHooks.hooks...)
	shutdownHooks.Unlock()
	for i := len(hooks) - 1; i >= 0; i-- {
		if ctx.Err() != nil {
			return
		}
		hooks[i](ctx)
	}
}
