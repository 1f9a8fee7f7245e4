package lambda

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-handoff/go-handoff/internal/httpevent"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// StreamInvoker is a function that can answer in Lambda's streaming mode
// (*contract.Adapted): it writes its answer to sink as it goes, and
// returns its own failure, as Invoke does.
type StreamInvoker interface {
	InvokeStream(ctx context.Context, info *invocation.Info, payload []byte, sink httpevent.Sink) error
}

// timedOutType is the error type of an answer cut at the deadline: the one
// Lambda itself gives an invocation that outlives it.
const timedOutType = "Sandbox.Timedout"

// streamInvocation handles one invocation in ResponseStream mode: the
// answer is posted as the function writes it (see streamedAnswer). A
// failure before the first byte is reported at the error endpoint, as in
// Buffered mode; after it, in the answer's trailers, where Lambda reads it
// and gives it to the caller as the invocation's error. At the deadline
// the answer ends with Lambda's own timeout error, even if the function
// goes on; the loop still waits for it to return, as in Buffered mode.
//
// It returns the poll for the next invocation, as handle does: with
// Config.Pipeline sent right behind the answer's end, on the connection the
// answer held, once the function has returned (never at a cut: this loop is
// still the function's, and could not serve what that poll brings).
func streamInvocation(ctx context.Context, cfg Config, shared *loops, inv *Invocation, info *invocation.Info) (*Poll, error) {
	function, ok := cfg.Function.(StreamInvoker)
	if !ok {
		return &Poll{client: cfg.Client}, fmt.Errorf("the invoke mode is %s, but %T cannot stream its answers", ResponseStream, cfg.Function)
	}
	answer := newStreamedAnswer(cfg, shared, inv.RequestID)
	defer answer.release()
	cutAtDeadline := func() {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			answer.cut(ErrorReport{
				Message: fmt.Sprintf("RequestId: %s Error: the function was still running at its deadline; its context was cancelled, and nothing it writes from then on is sent", inv.RequestID),
				Type:    timedOutType,
			})
		}
	}
	stop := context.AfterFunc(ctx, cutAtDeadline)
	err := function.InvokeStream(ctx, info, inv.Payload, answer)
	stop()
	// A function that returns once its deadline has passed, however soon,
	// left its answer unfinished; the cut may not have run yet.
	cutAtDeadline()
	if err != nil {
		return functionFailed(cfg, shared, info, inv.RequestID, err, answer.failed)
	}
	return answer.finish()
}
