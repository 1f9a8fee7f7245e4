package logging

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Handler is a slog.Handler that writes to a Sink and adds the execution id
// and trace of the invocation: the one bound to it, else the one in the
// record's context, else the only one in flight.
type Handler struct {
	sink   *Sink
	level  slog.Leveler
	bound  *invocation.Info
	attrs  []slog.Attr
	groups []string
}

// NewHandler writes records at level or above to sink.
func NewHandler(sink *Sink, level slog.Leveler) *Handler {
	return &Handler{sink: sink, level: level}
}

// Bound returns a handler whose records belong to info, whatever context
// they are logged with.
func (h *Handler) Bound(info *invocation.Info) *Handler {
	clone := *h
	clone.bound = info
	return &clone
}

func (h *Handler) Enabled(_ context.Context, level slog.Level) bool {
	return level >= h.level.Level()
}

func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	e := Entry{Time: r.Time, Severity: SeverityOf(r.Level), Message: r.Message, Attrs: append([]slog.Attr(nil), h.attrs...)}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	r.Attrs(func(a slog.Attr) bool {
		e.Attrs = append(e.Attrs, h.prefixed(a))
		return true
	})
	attribute(&e, h.invocation(ctx))
	h.sink.Write(e)
	return nil
}

func (h *Handler) invocation(ctx context.Context) *invocation.Info {
	if h.bound != nil {
		return h.bound
	}
	if ctx != nil {
		if info, ok := invocation.From(ctx); ok {
			return info
		}
	}
	return Current()
}

func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clone := *h
	clone.attrs = append([]slog.Attr(nil), h.attrs...)
	for _, a := range attrs {
		clone.attrs = append(clone.attrs, h.prefixed(a))
	}
	return &clone
}

func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	clone := *h
	clone.groups = append(append([]string(nil), h.groups...), name)
	return &clone
}

// prefixed puts an attribute inside the handler's groups.
func (h *Handler) prefixed(a slog.Attr) slog.Attr {
	for i := len(h.groups) - 1; i >= 0; i-- {
		a = slog.Attr{Key: h.groups[i], Value: slog.GroupValue(a)}
	}
	return a
}

func attribute(e *Entry, info *invocation.Info) {
	if info != nil {
		e.ExecutionID = info.ExecutionID
		e.Trace = info.Trace
	}
}

// lineWriter is an io.Writer for line-oriented output (the log package's):
// each line becomes an entry of one severity, attributed to the only
// invocation in flight, if there is one.
type lineWriter struct {
	sink     *Sink
	severity Severity
}

func (w *lineWriter) Write(p []byte) (int, error) {
	text := strings.TrimSuffix(string(p), "\n")
	e := Entry{Time: time.Now(), Severity: w.severity, Message: text}
	attribute(&e, Current())
	w.sink.Write(e)
	return len(p), nil
}
