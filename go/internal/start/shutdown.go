package start

import (
	"context"
	"sync"
)

var shutdownHooks struct {
	sync.Mutex
	hooks []func(context.Context)
}

// OnShutdown is handoff.OnShutdown, documented there.
func OnShutdown(hook func(ctx context.Context)) {
	shutdownHooks.Lock()
	defer shutdownHooks.Unlock()
	shutdownHooks.hooks = append(shutdownHooks.hooks, hook)
}

// runShutdownHooks runs the hooks, the last registered first, while ctx
// lasts: the server calls it once in-flight requests have finished.
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
