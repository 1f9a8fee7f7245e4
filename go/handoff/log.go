package handoff

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Logging starts when the SDK's package is initialised, before your
// package's init functions run, so that what they print is captured too.
// On a Cloud Functions host (K_SERVICE or FUNCTION_TARGET set) every line
// the process writes, by log, log/slog, fmt or otherwise, becomes one JSON
// object for Cloud Logging, with severity, message, execution id label and
// trace; elsewhere log and slog lines are text with a timestamp and the
// execution id, as the eawsy shim wrote them. See docs/runtime.md.
func init() {
	settings, err := logging.FromEnv(os.Getenv)
	if err == nil {
		err = logging.Install(settings)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: logging as text: %v\n", err)
	}
}

// Logger returns a logger whose lines belong to the invocation ctx belongs
// to (they carry its execution id and trace), whichever goroutine logs them.
func Logger(ctx context.Context) *slog.Logger {
	if info, ok := invocation.From(ctx); ok {
		return slog.New(logging.DefaultHandler().Bound(info))
	}
	return slog.Default()
}

// LogHandler returns the slog.Handler the SDK logs through, which slog's
// default logger uses too. It adds the execution id and trace of the
// invocation in the record's context (slog.InfoContext(ctx, ...)); without
// one, of the only invocation in flight, if there is exactly one.
func LogHandler() slog.Handler { return logging.DefaultHandler() }
