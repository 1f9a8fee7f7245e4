package memlimit

import "fmt"

// Decision is what to do with Go's memory limit, and the lines that say why.
type Decision struct {
	// Limit to give debug.SetMemoryLimit; 0: leave Go's limit as it is.
	Limit int64
	// Message says what was chosen and why, in one line for the log.
	Message string
	// Warnings are lines to log as warnings: a platform value that could
	// not be read, a GOMEMLIMIT above the instance's memory.
	Warnings []string
}

// Decide chooses Go's memory limit. current is the limit Go runs with now
// (debug.SetMemoryLimit(-1)): GOMEMLIMIT's, when it is set, which wins.
func Decide(sys System, current int64) Decision {
	instance, found, warnings := FindInstance(sys)
	if set := sys.Getenv("GOMEMLIMIT"); set != "" {
		d := Decision{Message: fmt.Sprintf("Go's memory limit is GOMEMLIMIT=%s, as set", set), Warnings: warnings}
		if found {
			d.Message += fmt.Sprintf(" (the instance has %s, from %s)", mebibytes(instance.Bytes), instance.From)
			if current > instance.Bytes {
				d.Warnings = append(d.Warnings, fmt.Sprintf("GOMEMLIMIT=%s is above the instance's %s: the process may be killed before Go collects; unset GOMEMLIMIT to let go-handoff choose", set, mebibytes(instance.Bytes)))
			}
		}
		return d
	}
	if !found {
		return Decision{
			Message:  "Go's memory limit: none, the platform states no memory size (no cgroup limit, AWS_LAMBDA_FUNCTION_MEMORY_SIZE, FUNCTION_MEMORY_MB or --max-old-space-size for Node.js); set GOMEMLIMIT to give one",
			Warnings: warnings,
		}
	}
	headroom := Headroom(instance.Bytes)
	limit := instance.Bytes - headroom
	return Decision{
		Limit:    limit,
		Message:  fmt.Sprintf("Go's memory limit is %s: the instance has %s, from %s, less %s for memory outside Go's heap and the collector's lag (GOMEMLIMIT overrides)", mebibytes(limit), mebibytes(instance.Bytes), instance.From, mebibytes(headroom)),
		Warnings: warnings,
	}
}

// mebibytes writes a size as "256 MiB", or "1843.2 MiB" when it is not whole.
func mebibytes(bytes int64) string {
	if bytes%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", bytes>>20)
	}
	return fmt.Sprintf("%.1f MiB", float64(bytes)/(1<<20))
}
