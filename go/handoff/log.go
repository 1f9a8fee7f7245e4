package handoff

import (
	"context"
	"log/slog"

	"github.com/go-handoff/go-handoff/internal/api"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Logger returns a logger whose lines belong to the invocation ctx belongs
// to: they carry its execution id (the Lambda request id) and trace,
// whichever goroutine logs them, however many invocations run at once. For
// a ctx of no invocation it is slog.Default().
//
// slog.InfoContext(ctx, ...) and the other *Context functions attribute
// their lines the same way; log.Printf, fmt.Println and slog.Info cannot
// (they have no context to tell one invocation from another), and their
// lines carry no id.
func Logger(ctx context.Context) *slog.Logger { return api.Logger(ctx) }

// LogHandler returns the slog.Handler the SDK logs through, which slog's
// default logger uses too, to wrap in a handler of your own. It adds the
// execution id and trace of the invocation the record's context belongs to
// (slog.InfoContext(ctx, ...)); a record logged without one gets none.
func LogHandler() slog.Handler { return logging.DefaultHandler() }
