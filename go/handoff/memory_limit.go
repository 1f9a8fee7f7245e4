package handoff

import (
	"runtime/debug"

	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/memlimit"
)

// Go's soft memory limit comes from the memory the platform gives the
// instance (the cgroup's limit, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, the
// --max-old-space-size the host gave Node.js), less a headroom, unless
// GOMEMLIMIT is set; see internal/memlimit and docs/platforms.md. It is set
// when the package is initialised, before your package's init functions
// allocate. (This init runs after log.go's, as files initialise in the
// order of their names: the line below is logged as the host wants it.)
func init() {
	decision := memlimit.Decide(memlimit.OS, debug.SetMemoryLimit(-1))
	for _, warning := range decision.Warnings {
		logging.SDK(logging.Warning, "%s", warning)
	}
	if decision.Limit > 0 {
		debug.SetMemoryLimit(decision.Limit)
	}
	logging.SDK(logging.Info, "%s", decision.Message)
}
