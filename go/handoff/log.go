package handoff

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Logging is set up when this package is initialised, before your package's
// init functions run, so that what they log is formatted too: slog's default
// logger, and through it the log package, write go-handoff's lines (see the
// package documentation). Nothing else changes: standard output and error
// stay the host's.
func init() {
	settings, err := logging.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v; logging as text, at level info\n", err)
		settings = logging.Settings{Format: logging.Text, Level: slog.LevelInfo}
	}
	logging.Install(settings)
}

// Logger returns a logger whose lines belong to the invocation ctx belongs
// to: they carry its execution id (the Lambda request id) and trace,
// whichever goroutine logs them, however many invocations run at once. For
// a ctx of no invocation it is slog.Default().
//
// slog.InfoContext(ctx, ...) and the other *Context functions attribute
// their lines the same way; log.Printf, fmt.Println and slog.Info cannot
// (they have no context to tell one invocation from another), and their
// lines carry no id.
func Logger(ctx context.Context) *slog.Logger {
	if info, ok := invocation.From(ctx); ok {
		return slog.New(logging.DefaultHandler().Bound(info))
	}
	return slog.Default()
}

// Logger returns a logger whose lines carry c's execution id and trace: the
// attributed way to log for a function that takes a *Context and no
// context.Context.
func (c *Context) Logger() *slog.Logger {
	return slog.New(logging.DefaultHandler().Bound(&invocation.Info{ExecutionID: c.ExecutionID, Trace: c.Trace}))
}

// LogHandler returns the slog.Handler the SDK logs through, which slog's
// default logger uses too, to wrap in a handler of your own. It adds the
// execution id and trace of the invocation the record's context belongs to
// (slog.InfoContext(ctx, ...)); a record logged without one gets none.
func LogHandler() slog.Handler { return logging.DefaultHandler() }
