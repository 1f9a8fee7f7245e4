package logging

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

func TestHandlerAttributesLinesToTheirInvocation(t *testing.T) {
	var out bytes.Buffer
	h := NewHandler(NewSink(&out, Text, ""), slog.LevelInfo)
	logger := slog.New(h)
	a := &invocation.Info{ExecutionID: "exec-a"}
	b := &invocation.Info{ExecutionID: "exec-b"}

	logger.InfoContext(invocation.With(context.Background(), a), "from a's context")
	slog.New(h.Bound(b)).Info("bound to b")
	Begin(a)
	logger.Info("only a in flight")
	Begin(b)
	logger.Info("two in flight")
	End(a)
	logger.Info("only b left")
	End(b)
	logger.Debug("below the level")

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{"exec-a from a's context", "exec-b bound to b", "exec-a only a in flight", "two in flight", "exec-b only b left"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines:\n%s", len(lines), out.String())
	}
	for i, line := range lines {
		if _, rest, _ := strings.Cut(line, " "); rest != want[i] {
			t.Errorf("line %d: got %q, want %q", i, rest, want[i])
		}
	}
}

func TestWithAttrsAndGroups(t *testing.T) {
	var out bytes.Buffer
	logger := slog.New(NewHandler(NewSink(&out, JSON, ""), slog.LevelInfo)).With("service", "x").WithGroup("req").With("id", 7)
	logger.Info("hi", "path", "/p")
	if got := out.String(); !strings.Contains(got, `"service":"x"`) || !strings.Contains(got, `"req":{"id":7,"path":"/p"}`) {
		t.Errorf("got %s", got)
	}
}

// Concurrent writers never interleave or cut each other's lines.
func TestSinkKeepsLinesWhole(t *testing.T) {
	var out bytes.Buffer
	sink := NewSink(&out, JSON, "")
	var wg sync.WaitGroup
	long := strings.Repeat("x", 10000)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				sink.Write(Entry{Severity: Info, Message: long})
			}
		}()
	}
	wg.Wait()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1600 {
		t.Fatalf("got %d lines, want 1600", len(lines))
	}
	for _, line := range lines {
		if !strings.HasPrefix(line, "{") || !strings.HasSuffix(line, "}") || !strings.Contains(line, long) {
			t.Fatalf("a cut line: %.80q", line)
		}
	}
}
