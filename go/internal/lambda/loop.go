package lambda

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Invoker is the function, ready to be called with an event's payload
// (*contract.Adapted).
type Invoker interface {
	Invoke(ctx context.Context, info *invocation.Info, payload []byte) ([]byte, error)
}

// Environment is what the loop changes in the process's environment.
type Environment struct {
	Setenv   func(key, value string) error
	Unsetenv func(key string) error
}

// ProcessEnvironment is the process's own.
var ProcessEnvironment = Environment{Setenv: os.Setenv, Unsetenv: os.Unsetenv}

// traceEnv holds the invocation's X-Ray trace header, where the AWS SDKs and
// the X-Ray SDK look for it.
const traceEnv = "_X_AMZN_TRACE_ID"

// xrayTraceKey is the context key aws-lambda-go stores the trace header
// under, which the X-Ray SDK for Go reads; a plain string, to be the same key.
const xrayTraceKey = "x-amzn-trace-id"

// Config says what to serve and how.
type Config struct {
	Client   *Client
	Function Invoker
	// ContentType is the answers' type: application/json, or
	// application/octet-stream for a bytes function.
	ContentType string
	// Identity is the function's description, the same for every invocation.
	Identity invocation.Function
	Env      Environment
	// InvokeMode is how answers leave: Buffered, or ResponseStream, for
	// which Function must be a StreamInvoker.
	InvokeMode InvokeMode
	// Concurrency is how many invocations are served at once: on Lambda
	// Managed Instances AWS_LAMBDA_MAX_CONCURRENCY (MaxConcurrency), else 1.
	Concurrency int
	// Pipeline sends each loop's next GET /next right behind its answer, on
	// the same connection (poll.go): on Lambda Managed Instances, whose
	// Runtime API refuses an invocation no poll waits for.
	Pipeline bool
	// Logf reports failed invocations; nil means the SDK's log.
	Logf func(format string, args ...any)
	// LogPanic writes a panic's stack to the logs; nil means contract.ReportPanic.
	LogPanic func(info *invocation.Info, p *contract.Panic)
}

// PanicExit ends the loop after a panic was reported: the function's state
// may be broken, so the process exits and Lambda starts a fresh one.
type PanicExit struct {
	RequestID string
	Panic     *contract.Panic
}

func (e *PanicExit) Error() string {
	return fmt.Sprintf("request %s: %v; reported to Lambda, and the process exits so that Lambda starts a fresh one", e.RequestID, e.Panic)
}

// drainGrace is how long past its deadline an invocation in flight is
// waited for when the loops stop: its context is cancelled at the
// deadline, and a function that heeds it returns at once. (A variable for
// the tests.)
var drainGrace = 2 * time.Second

// Run serves invocations, cfg.Concurrency at once: that many loops, each
// asking the Runtime API for the next invocation (a long poll) and serving
// it, as aws-lambda-go does on Lambda Managed Instances. Each invocation
// has a context, deadline, request id and trace id of its own.
//
// Run returns only when it must stop: after a panic (a *PanicExit), when
// the Runtime API cannot be reached or refuses what it is sent, or when ctx
// ends. The first loop to stop stops the others' polls, so that no new
// invocation begins, and Run waits for the invocations in flight to be
// answered before it returns, up to their deadlines (plus drainGrace): one
// invocation's panic costs the others nothing. The caller then exits, and
// Lambda starts a fresh process.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logf == nil {
		cfg.Logf = func(format string, args ...any) {
			logging.SDK(logging.Error, "%s", strings.TrimPrefix(fmt.Sprintf(format, args...), "go-handoff: "))
		}
	}
	if cfg.LogPanic == nil {
		cfg.LogPanic = contract.ReportPanic
	}
	if cfg.Concurrency < 1 {
		cfg.Concurrency = 1
	}
	if cfg.Concurrency > 1 {
		// With several invocations in the process no variable can say
		// which trace is "the" current one (aws-lambda-go leaves it unset
		// too): the trace id is in each invocation's context.
		_ = cfg.Env.Unsetenv(traceEnv)
	}

	// polling ends the loops' waits for new invocations; the invocations
	// themselves run under ctx, so that stopping the polls leaves them be.
	polling, stopPolling := context.WithCancelCause(ctx)
	defer stopPolling(nil)
	shared := &loops{polling: polling, stop: stopPolling, inFlight: newInFlight()}
	var running sync.WaitGroup
	for range cfg.Concurrency {
		running.Add(1)
		go func() {
			defer running.Done()
			if err := serve(ctx, cfg, shared); err != nil {
				stopPolling(err)
			}
		}()
	}
	done := make(chan struct{})
	go func() {
		running.Wait()
		close(done)
	}()

	select {
	case <-done:
	case <-polling.Done():
		if abandoned := shared.inFlight.drain(done, drainGrace); len(abandoned) > 0 {
			cfg.Logf("go-handoff: stopping with requests %s still running, past their deadlines by %v", strings.Join(abandoned, ", "), drainGrace)
		}
	}
	return context.Cause(polling)
}

// loops is what Run's loops share.
type loops struct {
	// polling is cancelled, by stop, when the loops must take no more invocations.
	polling  context.Context
	stop     context.CancelCauseFunc
	inFlight *inFlight
}

// serve is one loop: the next invocation, then its answer, until the polls
// are stopped (nil) or this loop must stop them (the error).
func serve(ctx context.Context, cfg Config, shared *loops) error {
	poll := &Poll{client: cfg.Client}
	for {
		inv, err := poll.Next(shared.polling)
		if err != nil {
			if shared.polling.Err() != nil {
				return nil
			}
			return fmt.Errorf("asking the Runtime API for the next invocation: %w", err)
		}
		// An invocation handed out as the polls stopped is served all the same.
		if poll, err = handle(ctx, cfg, inv, shared); err != nil {
			poll.Abandon()
			return err
		}
	}
}

// handle serves one invocation, posts its answer or its error, and
// returns the poll for the next one (poll.go).
func handle(ctx context.Context, cfg Config, inv *Invocation, shared *loops) (*Poll, error) {
	info, err := describe(inv, cfg.Identity)
	if err != nil {
		return fail(cfg, shared, inv.RequestID, ErrorReport{Message: err.Error(), Type: "Runtime.InvalidInvocation"})
	}
	shared.inFlight.add(inv.RequestID, info.Deadline)
	defer shared.inFlight.remove(inv.RequestID)
	trace := inv.Header.Get(headerTraceID)
	if cfg.Concurrency == 1 {
		if trace != "" {
			_ = cfg.Env.Setenv(traceEnv, trace)
		} else {
			_ = cfg.Env.Unsetenv(traceEnv)
		}
	}
	//lint:ignore SA1029 X-Ray's SDK reads this string key, as aws-lambda-go stores it: a key type of our own would hide the trace from it
	ctx = context.WithValue(ctx, xrayTraceKey, trace)
	if !info.Deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, info.Deadline)
		defer cancel()
	}

	if cfg.InvokeMode == ResponseStream {
		// The answer leaves as the function writes it (stream.go).
		return streamInvocation(ctx, cfg, shared, inv, info)
	}

	answer, err := cfg.Function.Invoke(ctx, info, inv.Payload)
	if err != nil {
		return functionFailed(cfg, shared, info, inv.RequestID, err, func(report ErrorReport) (*Poll, error) {
			return fail(cfg, shared, inv.RequestID, report)
		})
	}

	poll, err := respond(cfg, shared, inv.RequestID, answer)
	var status *StatusError
	if errors.As(err, &status) && status.Status == http.StatusRequestEntityTooLarge {
		// Lambda refuses answers over its payload limit (6 MB for a
		// synchronous invocation); the invocation is still open to fail
		// (on a connection of its own: the poll may be waiting on poll's).
		report := ErrorReport{
			Message: fmt.Sprintf("the function's answer is %d bytes, more than Lambda accepts (%s)", len(answer), status.Body),
			Type:    "Runtime.ResponseTooLarge",
		}
		if _, err := fail(cfg, nil, inv.RequestID, report); err != nil {
			cfg.Logf("go-handoff: request %s: %v", inv.RequestID, err)
		}
		return poll, nil
	}
	if tooLate(err) {
		cfg.Logf("go-handoff: request %s: the answer came too late, Lambda no longer takes it (%v)", inv.RequestID, err)
		return poll, nil
	}
	if err != nil {
		return poll, fmt.Errorf("posting the answer of request %s: %w", inv.RequestID, err)
	}
	return poll, nil
}

// functionFailed reports the function's error through report, which posts
// it (buffered answers: fail; streamed ones: the error endpoint or the
// answer's trailers, streamedAnswer.failed) and returns the next poll. After
// a panic it stops the polls before the report is posted: the sooner they
// stop, the fewer invocations a broken process is handed; and it returns a
// *PanicExit, for Run to wait for the others in flight and return.
func functionFailed(cfg Config, shared *loops, info *invocation.Info, requestID string, err error, report func(ErrorReport) (*Poll, error)) (*Poll, error) {
	var p *contract.Panic
	if !errors.As(err, &p) {
		return report(reportOf(err))
	}
	exit := &PanicExit{RequestID: requestID, Panic: p}
	shared.stop(exit)
	cfg.LogPanic(info, p)
	poll, err := report(reportOf(err))
	if err != nil {
		return poll, err
	}
	return poll, exit
}

// respond posts the answer, and with Config.Pipeline the next poll right
// behind it.
func respond(cfg Config, shared *loops, requestID string, answer []byte) (*Poll, error) {
	if cfg.Pipeline {
		return cfg.Client.RespondAndPoll(shared.polling, requestID, answer, cfg.ContentType)
	}
	return &Poll{client: cfg.Client}, cfg.Client.Respond(requestID, answer, cfg.ContentType)
}

// fail logs the failure and posts it to the invocation's error endpoint,
// with Config.Pipeline the next poll right behind it, unless shared is nil.
func fail(cfg Config, shared *loops, requestID string, report ErrorReport) (*Poll, error) {
	cfg.Logf("go-handoff: request %s failed: %s: %s", requestID, report.Type, report.Message)
	var poll *Poll
	var err error
	if cfg.Pipeline && shared != nil {
		poll, err = cfg.Client.ReportErrorAndPoll(shared.polling, requestID, report)
	} else {
		poll, err = &Poll{client: cfg.Client}, cfg.Client.ReportError(requestID, report)
	}
	if tooLate(err) {
		cfg.Logf("go-handoff: request %s: the error came too late, Lambda no longer takes it (%v)", requestID, err)
		return poll, nil
	}
	if err != nil {
		return poll, fmt.Errorf("posting the error of request %s: %w", requestID, err)
	}
	return poll, nil
}

// tooLate is the Runtime API refusing an answer because the invocation is
// over: it timed out (410 InvokeTimeout), or it is no longer known (400
// InvalidRequestID, once the timeout is forgotten). Under Lambda Managed
// Instances an invocation that overruns its deadline fails alone and the
// process goes on serving the others, so this ends that invocation only;
// any other refusal means the process and Lambda no longer agree, and the
// loop stops.
func tooLate(err error) bool {
	var status *StatusError
	if !errors.As(err, &status) {
		return false
	}
	return status.Status == http.StatusGone || (status.Status == http.StatusBadRequest && strings.Contains(status.Body, "InvalidRequestID"))
}
