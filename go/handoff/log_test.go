package handoff

import (
	"context"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// logged runs do with go-handoff's text format writing into a pipe, and
// returns the lines written.
func logged(t *testing.T, do func()) []string {
	t.Helper()
	read, write, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = write
	logging.Install(logging.Settings{Format: logging.Text, Level: slog.LevelInfo})
	defer func() {
		os.Stderr = saved
		settings, _ := logging.FromEnv(os.Getenv)
		logging.Install(settings)
	}()
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(read)
		out <- string(b)
	}()
	do()
	write.Close()
	return strings.Split(strings.TrimSuffix(<-out, "\n"), "\n")
}

// Requests served at once, each logging every way there is: the lines
// logged with the request's context carry its execution id, the others none.
func TestLogLinesCarryTheirOwnInvocationsID(t *testing.T) {
	const requests = 16
	var arrived sync.WaitGroup
	arrived.Add(requests)
	adapted, err := contract.Adapt(func(w http.ResponseWriter, r *http.Request) {
		arrived.Done()
		arrived.Wait() // every request is in flight before any logs
		ctx := r.Context()
		tag := r.URL.Query().Get("tag")
		slog.InfoContext(ctx, "slog "+tag)
		Logger(ctx).Info("logger " + tag)
		if c, ok := FromContext(ctx); ok {
			c.Logger().Info("context " + tag)
		}
		log.Print("log " + tag)
		slog.Info("plain " + tag)
	})
	if err != nil {
		t.Fatal(err)
	}
	handler := contract.WithInvocation(adapted.Handler, time.Minute)
	lines := logged(t, func() {
		var served sync.WaitGroup
		for i := 0; i < requests; i++ {
			served.Add(1)
			go func() {
				defer served.Done()
				r := httptest.NewRequest("GET", fmt.Sprintf("/?tag=t%d", i), nil)
				r.Header.Set("Function-Execution-Id", fmt.Sprintf("exec-%d", i))
				handler.ServeHTTP(httptest.NewRecorder(), r)
			}()
		}
		served.Wait()
	})
	if len(lines) != 5*requests {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), 5*requests, strings.Join(lines, "\n"))
	}
	for _, line := range lines {
		// "<time> [<id>] <kind> t<n>"
		fields := strings.Fields(line)
		kind, tag := fields[len(fields)-2], fields[len(fields)-1]
		id := strings.Join(fields[1:len(fields)-2], " ")
		want := ""
		if kind == "slog" || kind == "logger" || kind == "context" {
			want = "exec-" + strings.TrimPrefix(tag, "t")
		}
		if id != want {
			t.Errorf("%q: id %q, want %q", line, id, want)
		}
	}
}

func TestLoggerOutsideAnInvocationIsTheDefault(t *testing.T) {
	if Logger(context.Background()) != slog.Default() {
		t.Error("Logger of a context of no invocation is not slog.Default()")
	}
	lines := logged(t, func() { (&Context{ExecutionID: "made-in-a-test"}).Logger().Warn("hello") })
	if len(lines) != 1 || !strings.HasSuffix(lines[0], "Z made-in-a-test WARNING hello") {
		t.Errorf("got %q", lines)
	}
}
