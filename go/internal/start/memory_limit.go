package start

import (
	"runtime/debug"

	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/memlimit"
)

// setMemoryLimit sets Go's soft memory limit from the memory the platform
// gives the instance (the cgroup's limit, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
// the --max-old-space-size the host gave Node.js), less a headroom, unless
// GOMEMLIMIT is set; see internal/memlimit and docs/platforms.md.
func setMemoryLimit() {
	decision := memlimit.Decide(memlimit.OS, debug.SetMemoryLimit(-1))
	for _, warning := range decision.Warnings {
		logging.SDK(logging.Warning, "%s", warning)
	}
	if decision.Limit > 0 {
		debug.SetMemoryLimit(decision.Limit)
	}
	logging.SDK(logging.Info, "%s", decision.Message)
}
