package funcframework

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/go-handoff/go-handoff/handoff"
)

// LogWriter returns a writer whose every line is one log entry of the
// invocation ctx belongs to: on Cloud Functions, structured JSON with the
// execution id and trace, as functions-framework-go writes; run locally,
// go-handoff's readable lines. Outside an invocation it is os.Stderr.
//
//	l := log.New(funcframework.LogWriter(r.Context()), "", 0)
//	l.Println("hello world!")
func LogWriter(ctx context.Context) io.WriteCloser {
	if _, ok := handoff.FromContext(ctx); !ok {
		return os.Stderr
	}
	return &lineLogger{ctx: ctx, logger: handoff.Logger(ctx)}
}

// lineLogger logs each complete line written to it; Close logs the rest.
type lineLogger struct {
	mu     sync.Mutex
	ctx    context.Context
	logger *slog.Logger
	buf    []byte
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf = append(l.buf, p...)
	for {
		i := strings.IndexByte(string(l.buf), '\n')
		if i < 0 {
			break
		}
		l.log(strings.TrimSuffix(string(l.buf[:i]), "\r"))
		l.buf = l.buf[i+1:]
	}
	return len(p), nil
}

func (l *lineLogger) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.buf) > 0 {
		l.log(string(l.buf))
		l.buf = nil
	}
	return nil
}

func (l *lineLogger) log(line string) {
	l.logger.LogAttrs(l.ctx, slog.LevelInfo, line)
}

// ExecutionIDFromContext is the id of the invocation ctx belongs to: the
// Function-Execution-Id header the host sent, else one made for it.
func ExecutionIDFromContext(ctx context.Context) string {
	if c, ok := handoff.FromContext(ctx); ok {
		return c.ExecutionID
	}
	return ""
}

// TraceIDFromContext is the trace id of X-Cloud-Trace-Context
// ("TRACE_ID/SPAN_ID;o=1"), if the request had one.
func TraceIDFromContext(ctx context.Context) string {
	if c, ok := handoff.FromContext(ctx); ok {
		return c.Trace
	}
	return ""
}

// SpanIDFromContext is the span id of X-Cloud-Trace-Context, if the request
// had one ("" for span 0, as functions-framework-go has it).
func SpanIDFromContext(ctx context.Context) string {
	c, ok := handoff.FromContext(ctx)
	if !ok || c.Headers == nil {
		return ""
	}
	_, rest, found := strings.Cut(c.Headers.Get("X-Cloud-Trace-Context"), "/")
	if !found {
		return ""
	}
	span, _, _ := strings.Cut(rest, ";")
	if span == "0" {
		return ""
	}
	return span
}
