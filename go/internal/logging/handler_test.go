package logging

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

func TestHandlerAttributesLinesToTheirInvocation(t *testing.T) {
	var out bytes.Buffer
	h := NewHandler(NewSink(&out, Text, ""), slog.LevelInfo)
	logger := slog.New(h)
	a := &invocation.Info{ExecutionID: "exec-a"}
	b := &invocation.Info{ExecutionID: "exec-b"}
	ctxA := invocation.With(context.Background(), a)

	logger.InfoContext(ctxA, "from a's context")
	slog.New(h.Bound(b)).Info("bound to b")
	slog.New(h.Bound(b)).InfoContext(ctxA, "bound to b, logged with a's context")
	logger.With("k", 1).WithGroup("g").InfoContext(ctxA, "derived, with a's context")
	logger.Info("no context")
	logger.InfoContext(context.Background(), "a context of no invocation")
	logger.DebugContext(ctxA, "below the level")

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	want := []string{
		"exec-a from a's context", "exec-b bound to b", "exec-b bound to b, logged with a's context",
		"exec-a derived, with a's context k=1", "no context", "a context of no invocation",
	}
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
	if got := out.String(); !strings.Contains(got, `"service":"x","req":{"id":7,"path":"/p"}}`) {
		t.Errorf("got %s", got)
	}
	out.Reset()
	logger = slog.New(NewHandler(NewSink(&out, Text, ""), slog.LevelInfo)).With("service", "x").WithGroup("req").With("id", 7)
	logger.Info("hi", "path", "/p", slog.Group("user", "name", "Ada Lovelace"))
	if got := out.String(); !strings.HasSuffix(got, `Z hi service=x req.id=7 req.path=/p req.user.name="Ada Lovelace"`+"\n") {
		t.Errorf("got %s", got)
	}
}

// Many invocations log at once, every way there is, into a pipe that is read
// slowly, while other goroutines write long lines to the same pipe with fmt:
// every line comes out whole, every line logged with a context carries that
// invocation's id and no other, and no line logged without one carries any.
func TestConcurrentInvocationsThroughASlowPipe(t *testing.T) {
	read, write, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(NewSink(write, JSON, "p"), slog.LevelInfo)
	logger := slog.New(h)
	// The log package writes through the handler, as slog.SetDefault makes it.
	plain := slog.NewLogLogger(h, slog.LevelInfo)

	const invocations, perInvocation = 24, 20
	long := strings.Repeat("x", 100<<10) // longer than the pipe's buffer
	var lines []string
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		slow := &slowReader{r: read, chunk: 16 << 10, pause: 200 * time.Microsecond}
		scanner := bufio.NewScanner(slow)
		scanner.Buffer(make([]byte, 1<<20), 1<<20)
		for scanner.Scan() {
			lines = append(lines, scanner.Text())
		}
	}()

	var wg sync.WaitGroup
	for i := 0; i < invocations; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("exec-%02d", i)
			ctx := invocation.With(context.Background(), &invocation.Info{ExecutionID: id, Trace: "trace-" + id})
			bound := slog.New(h.Bound(&invocation.Info{ExecutionID: id}))
			derived := logger.With("invocation", id).WithGroup("g")
			for n := 0; n < perInvocation; n++ {
				logger.InfoContext(ctx, "context "+id)
				bound.Warn("bound " + id)
				derived.ErrorContext(ctx, "derived "+id, "n", n)
				// Work for the invocation, in a goroutine of its own: the
				// context goes with it.
				done := make(chan struct{})
				go func() { logger.InfoContext(ctx, "spawned "+id); close(done) }()
				logger.Info("nocontext " + id)
				plain.Print("logpackage " + id)
				fmt.Fprintln(write, "fmt "+id+" "+long)
				<-done
			}
		}()
	}
	wg.Wait()
	write.Close()
	<-readDone

	counts := map[string]int{}
	for _, line := range lines {
		if strings.HasPrefix(line, "fmt ") {
			id, rest, _ := strings.Cut(strings.TrimPrefix(line, "fmt "), " ")
			if rest != long {
				t.Fatalf("a cut fmt line of %s: %d bytes", id, len(rest))
			}
			counts["fmt "+id]++
			continue
		}
		var entry struct {
			Message    string            `json:"message"`
			Labels     map[string]string `json:"logging.googleapis.com/labels"`
			Trace      string            `json:"logging.googleapis.com/trace"`
			Invocation string            `json:"invocation"`
		}
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("a line that is neither whole JSON nor a whole fmt line: %.100q", line)
		}
		kind, id, _ := strings.Cut(entry.Message, " ")
		counts[kind+" "+id]++
		got := entry.Labels["execution_id"]
		switch kind {
		case "context", "derived", "spawned":
			if got != id || entry.Trace != "projects/p/traces/trace-"+id {
				t.Errorf("%q carries %q and trace %q", entry.Message, got, entry.Trace)
			}
		case "bound":
			if got != id {
				t.Errorf("%q carries %q", entry.Message, got)
			}
		default: // logged without a context
			if entry.Labels != nil || entry.Trace != "" {
				t.Errorf("%q carries %v and trace %q", entry.Message, entry.Labels, entry.Trace)
			}
		}
		if kind == "derived" && entry.Invocation != id {
			t.Errorf("%q has the attribute invocation=%q", entry.Message, entry.Invocation)
		}
	}
	for i := 0; i < invocations; i++ {
		id := fmt.Sprintf("exec-%02d", i)
		for _, kind := range []string{"context", "bound", "derived", "spawned", "nocontext", "logpackage", "fmt"} {
			if counts[kind+" "+id] != perInvocation {
				t.Errorf("%d lines %q of %s, want %d", counts[kind+" "+id], kind, id, perInvocation)
			}
		}
	}
}

// slowReader reads at most chunk bytes at a time, pausing before each read:
// a host that reads its child's output slowly.
type slowReader struct {
	r     io.Reader
	chunk int
	pause time.Duration
}

func (s *slowReader) Read(p []byte) (int, error) {
	time.Sleep(s.pause)
	if len(p) > s.chunk {
		p = p[:s.chunk]
	}
	return s.r.Read(p)
}
