package lambda

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

type order struct {
	Item string `json:"item"`
}

type outOfStock struct{ item string }

func (e *outOfStock) Error() string { return e.item + " is out of stock" }

// shop is a typed function that answers, fails and panics on demand.
func shop(ctx context.Context, o order) (map[string]string, error) {
	switch o.Item {
	case "nothing":
		return nil, &outOfStock{item: o.Item}
	case "chaos":
		panic("the shop burned down")
	}
	deadline, _ := ctx.Deadline()
	return map[string]string{"item": o.Item, "deadline": deadline.UTC().Format(time.RFC3339)}, nil
}

type recordedEnv struct{ set []string }

func (r *recordedEnv) environment() Environment {
	return Environment{
		Setenv:   func(k, v string) error { r.set = append(r.set, k+"="+v); return nil },
		Unsetenv: func(k string) error { r.set = append(r.set, "unset "+k); return nil },
	}
}

func start(t *testing.T, api *fakeAPI, fn any, env Environment) (cancel func() error) {
	t.Helper()
	adapted, err := contract.Adapt(fn)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs strings.Builder
	go func() {
		done <- Run(ctx, Config{
			Client: api.client(), Function: adapted, ContentType: "application/json", Env: env,
			Logf:     func(format string, args ...any) { fmt.Fprintf(&logs, format+"\n", args...) },
			LogPanic: func(*invocation.Info, *contract.Panic) { logs.WriteString("stack logged\n") },
		})
	}()
	return func() error {
		stop()
		return <-done
	}
}

func TestRunAnswersAndReportsErrors(t *testing.T) {
	api := newFakeAPI(t,
		event("r-1", `{"item":"tea"}`, headerTraceID, "Root=1-abc;Sampled=1"),
		event("r-2", `{"item":"nothing"}`),
		event("r-3", `{"item":`),
	)
	env := &recordedEnv{}
	stop := start(t, api, shop, env.environment())
	posts := api.waitPosts(3)
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want it to end with the context", err)
	}
	want := []post{
		{"/invocation/r-1/response", "application/json", "", `{"deadline":"2100-01-01T00:00:00Z","item":"tea"}`},
		{"/invocation/r-2/error", "application/json", "outOfStock", `{"errorMessage":"nothing is out of stock","errorType":"outOfStock"}`},
		{"/invocation/r-3/error", "application/json", "InputError", `{"errorMessage":"the request body is not valid JSON for lambda.order: unexpected end of JSON input","errorType":"InputError"}`},
	}
	for i := range want {
		if posts[i] != want[i] {
			t.Errorf("post %d: got %+v, want %+v", i, posts[i], want[i])
		}
	}
	if got := strings.Join(env.set, " "); got != "_X_AMZN_TRACE_ID=Root=1-abc;Sampled=1 unset _X_AMZN_TRACE_ID unset _X_AMZN_TRACE_ID" {
		t.Errorf("environment: got %q", got)
	}
}

func TestRunReportsAPanicThenStops(t *testing.T) {
	api := newFakeAPI(t, event("r-9", `{"item":"chaos"}`), event("r-10", `{"item":"tea"}`))
	adapted, _ := contract.Adapt(shop)
	err := Run(context.Background(), Config{Client: api.client(), Function: adapted, Env: (&recordedEnv{}).environment(),
		Logf: func(string, ...any) {}, LogPanic: func(*invocation.Info, *contract.Panic) {}})
	var exit *PanicExit
	if !errors.As(err, &exit) || exit.RequestID != "r-9" || !strings.Contains(err.Error(), "the process exits so that Lambda starts a fresh one") {
		t.Fatalf("Run returned %v, want a *PanicExit for r-9", err)
	}
	posts := api.waitPosts(1)
	var report ErrorReport
	if err := json.Unmarshal([]byte(posts[0].body), &report); err != nil {
		t.Fatal(err)
	}
	if posts[0].path != "/invocation/r-9/error" || report.Type != "string" || report.Message != "the shop burned down" || posts[0].errorType != "string" {
		t.Errorf("got %+v, %+v", posts[0], report)
	}
	if !strings.Contains(strings.Join(report.StackTrace, "\n"), "lambda.shop") {
		t.Errorf("the stack trace does not name the function that panicked: %q", report.StackTrace)
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	if len(api.events) != 1 {
		t.Errorf("the loop asked for another event after the panic")
	}
}

func TestRunFailsAnAnswerLambdaRefusesAsTooLarge(t *testing.T) {
	api := newFakeAPI(t, event("big", `{"item":"tea"}`), event("next", `{"item":"tea"}`))
	api.status["/invocation/big/response"] = 413
	stop := start(t, api, shop, (&recordedEnv{}).environment())
	posts := api.waitPosts(3)
	stop()
	if posts[1].path != "/invocation/big/error" || posts[1].errorType != "Runtime.ResponseTooLarge" || !strings.Contains(posts[1].body, "more than Lambda accepts") {
		t.Errorf("after 413: got %+v", posts[1])
	}
	if posts[2].path != "/invocation/next/response" {
		t.Errorf("the loop did not go on: %+v", posts[2])
	}
}

func TestRunStopsWhenTheAPIRefusesAnAnswer(t *testing.T) {
	api := newFakeAPI(t, event("r-1", `{"item":"tea"}`))
	api.status["/invocation/r-1/response"] = 500
	adapted, _ := contract.Adapt(shop)
	err := Run(context.Background(), Config{Client: api.client(), Function: adapted, Env: (&recordedEnv{}).environment()})
	var status *StatusError
	if !errors.As(err, &status) || status.Status != 500 || !strings.Contains(err.Error(), "posting the answer of request r-1") {
		t.Errorf("got %v", err)
	}
}

func TestRunStopsWhenThereIsNoAPI(t *testing.T) {
	adapted, _ := contract.Adapt(shop)
	err := Run(context.Background(), Config{Client: NewClient("127.0.0.1:1"), Function: adapted})
	if err == nil || !strings.Contains(err.Error(), "asking the Runtime API for the next invocation: GET http://127.0.0.1:1/2018-06-01/runtime/invocation/next") {
		t.Errorf("got %v", err)
	}
}

func TestInitError(t *testing.T) {
	api := newFakeAPI(t)
	_, refused := contract.Adapt(42)
	if err := api.client().ReportInitError(InitErrorReport(refused)); err != nil {
		t.Fatal(err)
	}
	got := api.waitPosts(1)[0]
	want := post{"/init/error", "application/json", "Runtime.InvalidHandler", `{"errorMessage":"handoff.Start was given a int, which is neither a function nor an http.Handler","errorType":"Runtime.InvalidHandler"}`}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
