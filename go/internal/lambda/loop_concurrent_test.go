package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	handoffapi "github.com/go-handoff/go-handoff/internal/api"
	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Tests of Run with Config.Concurrency above 1 and Config.Pipeline, as on
// Lambda Managed Instances. Functions that must overlap wait at a barrier for each other,
// so a loop that served one invocation at a time would time out there.

// barrier lets n goroutines through once all n have arrived, or fails.
type barrier struct {
	mu      sync.Mutex
	arrived int
	all     chan struct{}
	n       int
}

func newBarrier(n int) *barrier { return &barrier{n: n, all: make(chan struct{})} }

func (b *barrier) wait() error {
	b.mu.Lock()
	b.arrived++
	if b.arrived == b.n {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
		return nil
	case <-time.After(10 * time.Second):
		return errors.New("the other invocations never ran at the same time as this one")
	}
}

func runConcurrently(t *testing.T, api *fakeAPI, fn any, concurrency int, env Environment) (stop func() error, logs *lockedLog) {
	t.Helper()
	adapted, err := contract.Adapt(fn)
	if err != nil {
		t.Fatal(err)
	}
	logs = &lockedLog{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{
			Client: api.client(), Function: adapted, ContentType: "application/json", Env: env, Concurrency: concurrency, Pipeline: true,
			Logf:     logs.printf,
			LogPanic: func(*invocation.Info, *contract.Panic) { logs.printf("stack logged") },
		})
	}()
	return func() error {
		cancel()
		return <-done
	}, logs
}

type lockedLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *lockedLog) printf(format string, args ...any) {
	l.mu.Lock()
	l.lines = append(l.lines, fmt.Sprintf(format, args...))
	l.mu.Unlock()
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

func TestRunKeepsOnePollOpenPerInvocationItMayServe(t *testing.T) {
	api := newFakeAPI(t)
	env := &recordedEnv{}
	stop, _ := runConcurrently(t, api, shop, 4, env.environment())
	api.waitPolling(4)
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want it to end with the context", err)
	}
	// No process-wide trace id while several invocations may share the process.
	if got := strings.Join(env.set, " "); got != "unset _X_AMZN_TRACE_ID" {
		t.Errorf("environment: got %q, want only the trace id unset at the start", got)
	}
}

// seen is what an invocation's context told the function.
type seen struct {
	RequestID  string `json:"requestId"`
	Trace      string `json:"trace"`
	DeadlineMs int64  `json:"deadlineMs"`
}

func TestConcurrentInvocationsEachHaveTheirOwnContext(t *testing.T) {
	const n = 3
	var events []fakeEvent
	for i := range n {
		events = append(events, event(fmt.Sprintf("r-%d", i), `{}`,
			headerDeadlineMs, fmt.Sprint(int64(4102444800000)+int64(i)),
			headerTraceID, fmt.Sprintf("Root=1-trace-%d", i)))
	}
	api := newFakeAPI(t, events...)
	together := newBarrier(n)
	fn := func(ctx context.Context, _ json.RawMessage) (seen, error) {
		if err := together.wait(); err != nil {
			return seen{}, err
		}
		info, _ := invocation.From(ctx)
		deadline, _ := ctx.Deadline()
		trace, _ := ctx.Value(xrayTraceKey).(string)
		return seen{RequestID: info.ExecutionID, Trace: trace, DeadlineMs: deadline.UnixMilli()}, nil
	}
	env := &recordedEnv{}
	stop, _ := runConcurrently(t, api, fn, n, env.environment())
	posts := api.waitPosts(n)
	stop()
	for _, p := range posts {
		id := strings.TrimSuffix(strings.TrimPrefix(p.path, "/invocation/"), "/response")
		var i int
		fmt.Sscanf(id, "r-%d", &i)
		want := seen{RequestID: id, Trace: fmt.Sprintf("Root=1-trace-%d", i), DeadlineMs: 4102444800000 + int64(i)}
		var got seen
		if err := json.Unmarshal([]byte(p.body), &got); err != nil || got != want {
			t.Errorf("%s: got %s (%v), want %+v", p.path, p.body, err, want)
		}
	}
	if got := strings.Join(env.set, " "); got != "unset _X_AMZN_TRACE_ID" {
		t.Errorf("environment: got %q, want no trace id set for any invocation", got)
	}
}

// A panic among invocations in flight is its own invocation's error; the
// others are answered; no invocation is taken after it; Run then returns
// the panic, for the process to exit. For every contract.
func TestAPanicAmongConcurrentInvocationsFailsOnlyItself(t *testing.T) {
	type contractCase struct {
		name string
		// payload is the event for invocation id; fn panics for "boom".
		payload func(id string) string
		fn      func(work func(id string)) any
	}
	cases := []contractCase{
		{"typed", func(id string) string { return fmt.Sprintf(`{"id":%q}`, id) },
			func(work func(string)) any {
				return func(ctx context.Context, in struct{ ID string }) (string, error) {
					work(in.ID)
					return "done " + in.ID, nil
				}
			}},
		{"bytes", func(id string) string { return id },
			func(work func(string)) any {
				return func(p []byte) ([]byte, error) { work(string(p)); return []byte("done " + string(p)), nil }
			}},
		{"events", func(id string) string {
			return fmt.Sprintf(`{"specversion":"1.0","id":%q,"source":"//test","type":"t.one","data":{}}`, id)
		}, func(work func(string)) any {
			return func(_ context.Context, e handoffapi.Event) error { work(e.ID); return nil }
		}},
		{"net/http over API Gateway events", func(id string) string {
			return fmt.Sprintf(`{"version":"2.0","rawPath":"/%s","requestContext":{"http":{"method":"GET"}}}`, id)
		}, func(work func(string)) any {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				id := strings.TrimPrefix(r.URL.Path, "/")
				work(id)
				io.WriteString(w, "done "+id)
			})
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t,
				event("calm-1", tc.payload("calm-1")),
				event("boom", tc.payload("boom")),
				event("calm-2", tc.payload("calm-2")),
				event("after", tc.payload("after")), // must never be taken
			)
			together := newBarrier(3)
			work := func(id string) {
				if err := together.wait(); err != nil {
					panic(err)
				}
				if id == "boom" {
					panic("boom, on purpose")
				}
				// Answer only once the panic has been reported.
				api.waitForPost(t, "/invocation/boom/error")
			}
			stop, logs := runConcurrently(t, api, tc.fn(work), 3, (&recordedEnv{}).environment())
			posts := api.waitPosts(3)
			err := stop()
			var exit *PanicExit
			if !errors.As(err, &exit) || exit.RequestID != "boom" {
				t.Fatalf("Run returned %v, want a *PanicExit for boom; logs:\n%s", err, logs)
			}
			byPath := map[string]post{}
			for _, p := range posts {
				byPath[p.path] = p
			}
			if p, ok := byPath["/invocation/boom/error"]; !ok || !strings.Contains(p.body, "boom, on purpose") {
				t.Errorf("the panic's error: got %+v; all posts: %+v", p, posts)
			}
			for _, id := range []string{"calm-1", "calm-2"} {
				if _, ok := byPath["/invocation/"+id+"/response"]; !ok {
					t.Errorf("%s was not answered after the panic; posts: %+v", id, posts)
				}
			}
			api.mu.Lock()
			defer api.mu.Unlock()
			if len(api.events) != 1 {
				t.Errorf("an invocation was taken after the panic: %d of 4 left", len(api.events))
			}
			if api.nextCalls != 3 {
				t.Errorf("%d calls to /next; want 3, none after the panic", api.nextCalls)
			}
		})
	}
}

// Stopping waits for the others in flight, but not for one that ignores its
// context past its deadline.
func TestAfterAPanicRunStopsWaitingForAnInvocationPastItsDeadline(t *testing.T) {
	defer func(grace time.Duration) { drainGrace = grace }(drainGrace)
	drainGrace = 100 * time.Millisecond
	deadline := time.Now().Add(300 * time.Millisecond)
	api := newFakeAPI(t,
		event("boom", `"boom"`),
		event("stuck", `"stuck"`, headerDeadlineMs, fmt.Sprint(deadline.UnixMilli())),
	)
	together := newBarrier(2)
	release := make(chan struct{})
	defer close(release)
	fn := func(ctx context.Context, id string) (string, error) {
		together.wait()
		if id == "boom" {
			panic("boom")
		}
		<-release // deaf to its context
		return "late", nil
	}
	started := time.Now()
	stop, logs := runConcurrently(t, api, fn, 2, (&recordedEnv{}).environment())
	api.waitPosts(1)
	err := stop()
	var exit *PanicExit
	if !errors.As(err, &exit) {
		t.Fatalf("Run returned %v, want a *PanicExit", err)
	}
	if took := time.Since(started); took < 300*time.Millisecond || took > 5*time.Second {
		t.Errorf("Run returned after %v; want soon after stuck's deadline (300 ms) and the grace (100 ms)", took)
	}
	if !strings.Contains(logs.String(), "stopping with requests stuck still running, past their deadlines by 100ms") {
		t.Errorf("logs do not name the invocation left behind:\n%s", logs)
	}
}

// Under Lambda Managed Instances an invocation that overran its deadline
// fails alone: its late answer is refused (410), and the process goes on.
func TestALateAnswerEndsOnlyItsInvocation(t *testing.T) {
	api := newFakeAPI(t, event("late", `{"item":"tea"}`), event("next", `{"item":"tea"}`))
	api.status["/invocation/late/response"] = http.StatusGone
	stop, logs := runConcurrently(t, api, shop, 2, (&recordedEnv{}).environment())
	posts := api.waitPosts(2)
	api.waitPolling(2)
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v; want it to go on until the context ends", err)
	}
	paths := []string{posts[0].path, posts[1].path}
	if !strings.Contains(strings.Join(paths, " "), "/invocation/next/response") {
		t.Errorf("posts: %v", paths)
	}
	if !strings.Contains(logs.String(), "request late: the answer came too late, Lambda no longer takes it") {
		t.Errorf("logs:\n%s", logs)
	}
}
