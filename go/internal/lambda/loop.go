package lambda

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"

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

// Run handles invocations one after the other. It returns only when it must
// stop: after a panic (a *PanicExit), or when the Runtime API cannot be
// reached or refuses what it is sent.
func Run(ctx context.Context, cfg Config) error {
	if cfg.Logf == nil {
		cfg.Logf = func(format string, args ...any) {
			logging.SDK(logging.Error, "%s", strings.TrimPrefix(fmt.Sprintf(format, args...), "go-handoff: "))
		}
	}
	if cfg.LogPanic == nil {
		cfg.LogPanic = contract.ReportPanic
	}
	for {
		inv, err := cfg.Client.Next(ctx)
		if err != nil {
			return fmt.Errorf("asking the Runtime API for the next invocation: %w", err)
		}
		if err := handle(ctx, cfg, inv); err != nil {
			return err
		}
	}
}

func handle(ctx context.Context, cfg Config, inv *Invocation) error {
	info, err := describe(inv, cfg.Identity)
	if err != nil {
		return fail(cfg, inv.RequestID, ErrorReport{Message: err.Error(), Type: "Runtime.InvalidInvocation"})
	}
	trace := inv.Header.Get(headerTraceID)
	if trace != "" {
		_ = cfg.Env.Setenv(traceEnv, trace)
	} else {
		_ = cfg.Env.Unsetenv(traceEnv)
	}
	ctx = context.WithValue(ctx, xrayTraceKey, trace) //nolint:staticcheck // the key X-Ray's SDK reads
	if !info.Deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, info.Deadline)
		defer cancel()
	}

	if cfg.InvokeMode == ResponseStream {
		// The answer leaves as the function writes it (stream.go).
		return streamInvocation(ctx, cfg, inv, info)
	}

	answer, err := cfg.Function.Invoke(ctx, info, inv.Payload)
	if err != nil {
		return functionFailed(cfg, info, inv.RequestID, err, func(report ErrorReport) error {
			return fail(cfg, inv.RequestID, report)
		})
	}

	err = cfg.Client.Respond(inv.RequestID, answer, cfg.ContentType)
	var status *StatusError
	if errors.As(err, &status) && status.Status == http.StatusRequestEntityTooLarge {
		// Lambda refuses answers over its payload limit (6 MB for a
		// synchronous invocation); the invocation is still open to fail.
		report := ErrorReport{
			Message: fmt.Sprintf("the function's answer is %d bytes, more than Lambda accepts (%s)", len(answer), status.Body),
			Type:    "Runtime.ResponseTooLarge",
		}
		if err := fail(cfg, inv.RequestID, report); err != nil {
			cfg.Logf("go-handoff: request %s: %v", inv.RequestID, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("posting the answer of request %s: %w", inv.RequestID, err)
	}
	return nil
}

// functionFailed reports the function's error through report and, after a
// panic, ends the loop.
func functionFailed(cfg Config, info *invocation.Info, requestID string, err error, report func(ErrorReport) error) error {
	var p *contract.Panic
	if errors.As(err, &p) {
		cfg.LogPanic(info, p)
	}
	if err := report(reportOf(err)); err != nil {
		return err
	}
	if p != nil {
		return &PanicExit{RequestID: requestID, Panic: p}
	}
	return nil
}

// fail logs the failure and posts it to the invocation's error endpoint.
func fail(cfg Config, requestID string, report ErrorReport) error {
	cfg.Logf("go-handoff: request %s failed: %s: %s", requestID, report.Type, report.Message)
	if err := cfg.Client.ReportError(requestID, report); err != nil {
		return fmt.Errorf("posting the error of request %s: %w", requestID, err)
	}
	return nil
}
