package api

import (
	"context"
	"log/slog"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Logger is handoff.Logger.
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
