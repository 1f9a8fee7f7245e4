package handoff

import (
	"context"

	"github.com/go-handoff/go-handoff/internal/start"
)

// OnShutdown registers hook to run when the process is asked to stop
// (SIGTERM, SIGINT), after in-flight requests have finished: close database
// pools and flush buffers there. Hooks run one after the other, the last
// registered first (as deferred calls do), with a context that ends with the
// shutdown grace period.
func OnShutdown(hook func(ctx context.Context)) { start.OnShutdown(hook) }
