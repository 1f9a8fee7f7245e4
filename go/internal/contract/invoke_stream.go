package contract

import (
	"context"

	"github.com/go-handoff/go-handoff/internal/httpevent"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// InvokeStream is Invoke for Lambda's streaming mode: the answer goes to
// sink as the function writes it. A net/http function's answer is the
// HTTP-integration prelude of the event's format, then its body, each
// flush leaving at once; any other function's is Invoke's answer, whole,
// once the function has returned.
//
// The error is the function's, as Invoke's: what the function returned, a
// *Panic, an *InputError, or AbortError for a handler that aborted with
// http.ErrAbortHandler. A failure to write to sink is the sink's to report:
// the function sees it as its writes' error.
func (a *Adapted) InvokeStream(ctx context.Context, info *invocation.Info, payload []byte, sink httpevent.Sink) error {
	if a.function != nil {
		answer, err := a.Invoke(ctx, info, payload)
		if err != nil {
			return err
		}
		sink.Write(answer)
		return nil
	}
	ctx = invocation.With(ctx, info)
	req, format, err := decodeHTTPEvent(ctx, info, payload)
	if err != nil {
		return err
	}
	w := httpevent.NewStreamWriter(format, sink)
	if err := serveRecovering(a.handler, w, req); err != nil {
		return err
	}
	w.Finish()
	return nil
}
