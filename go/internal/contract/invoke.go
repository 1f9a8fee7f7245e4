package contract

import (
	"context"
	"net/http"

	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/httpevent"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Invoke calls the function once with payload, for a transport that carries
// an invocation as one document rather than as an HTTP request (the Lambda
// Runtime API). It returns the answer:
//
//	typed   the result as JSON (null when there is none)
//	bytes   the result as it is
//	event   null, once the function handled the event
//	http    the answer of API Gateway's or a Function URL's payload format,
//	        for the HTTP request the payload carries
//
// or an error: a *Panic when the function panicked, an *InputError when the
// payload cannot be given to it, else what the function returned.
func (a *Adapted) Invoke(ctx context.Context, info *invocation.Info, payload []byte) ([]byte, error) {
	ctx = invocation.With(ctx, info)
	if a.function == nil {
		return invokeHTTP(ctx, a.handler, info, payload)
	}
	f := a.function
	input, err := f.decodeInput(payload, func() (*events.Event, error) { return events.FromJSON(payload) })
	if err != nil {
		return nil, err
	}
	out := f.call(ctx, info, input)
	switch {
	case out.panic != nil:
		return nil, out.panic
	case out.err != nil:
		return nil, out.err
	}
	switch a.Contract {
	case Bytes:
		if !out.result.IsValid() {
			return nil, nil
		}
		return out.result.Bytes(), nil
	case Event:
		return []byte("null"), nil
	}
	return encodeResult(out.result)
}

// AbortError is a net/http handler that panicked with http.ErrAbortHandler:
// on a connection that aborts the answer quietly; here nothing was sent, so
// the invocation failed.
type AbortError struct{}

func (AbortError) Error() string {
	return "the handler aborted its answer (it panicked with http.ErrAbortHandler)"
}

// invokeHTTP serves the HTTP request an API Gateway or Function URL event
// carries, and answers in that event's format.
func invokeHTTP(ctx context.Context, handler http.Handler, info *invocation.Info, payload []byte) ([]byte, error) {
	req, format, err := decodeHTTPEvent(ctx, info, payload)
	if err != nil {
		return nil, err
	}
	recorder := httpevent.NewRecorder()
	if err := serveRecovering(handler, recorder, req); err != nil {
		return nil, err
	}
	return httpevent.Encode(format, recorder)
}

// decodeHTTPEvent is the request an API Gateway or Function URL event
// carries, with the invocation's context, and the format of its answer.
func decodeHTTPEvent(ctx context.Context, info *invocation.Info, payload []byte) (*http.Request, httpevent.Format, error) {
	req, format, err := httpevent.Decode(payload)
	if err != nil {
		return nil, 0, &InputError{Reason: err.Error()}
	}
	info.Headers = req.Header
	return req.WithContext(ctx), format, nil
}

func serveRecovering(handler http.Handler, w http.ResponseWriter, r *http.Request) (err error) {
	defer func() {
		switch recovered := recover(); recovered {
		case nil:
		case http.ErrAbortHandler:
			err = AbortError{}
		default:
			err = &Panic{Value: recovered, Stack: stack()}
		}
	}()
	handler.ServeHTTP(w, r)
	return nil
}
