package logging

import (
	"context"
	"log/slog"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Handler is a slog.Handler that writes to a Sink and adds the execution id
// and trace of the invocation a record belongs to: the one bound to the
// handler (Bound), else the one the record's context carries. A record with
// neither carries no id: which invocation a goroutine works for is known only
// from a context, and a guess (the only invocation in flight, say) would
// give the lines of a goroutine that outlived its invocation, or of one that
// serves none, the id of another.
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
	e := Entry{Time: r.Time, Severity: SeverityOf(r.Level), Message: r.Message, Attrs: h.attrs}
	if e.Time.IsZero() {
		e.Time = time.Now()
	}
	if r.NumAttrs() > 0 {
		own := make([]slog.Attr, 0, r.NumAttrs())
		r.Attrs(func(a slog.Attr) bool {
			own = append(own, a)
			return true
		})
		e.Attrs = append(h.attrs[:len(h.attrs):len(h.attrs)], h.inGroups(own)...)
	}
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
	return nil
}

func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	clone := *h
	clone.attrs = append(h.attrs[:len(h.attrs):len(h.attrs)], h.inGroups(attrs)...)
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

// inGroups puts attributes inside the handler's groups (WithGroup).
func (h *Handler) inGroups(attrs []slog.Attr) []slog.Attr {
	for i := len(h.groups) - 1; i >= 0; i-- {
		attrs = []slog.Attr{{Key: h.groups[i], Value: slog.GroupValue(attrs...)}}
	}
	return attrs
}

func attribute(e *Entry, info *invocation.Info) {
	if info != nil {
		e.ExecutionID = info.ExecutionID
		e.Trace = info.Trace
	}
}
