package contract

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// functionHandler serves a typed, bytes or event function over HTTP.
type functionHandler struct {
	f       *function
	answers answers
}

func (h *functionHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	info := InfoOf(r)
	body, err := readBody(w, r)
	if err != nil {
		var tooLarge errBodyTooLarge
		var tooSlow errBodyTooSlow
		switch {
		case errors.As(err, &tooLarge):
			refuseTooLarge(w, r, h.answers, tooLarge.limit)
		case errors.As(err, &tooSlow):
			h.answers.refused(w, http.StatusRequestTimeout, err.Error())
		default:
			h.answers.refused(w, http.StatusBadRequest, err.Error())
		}
		return
	}
	input, err := h.f.decodeInput(body, func() (*events.Event, error) { return events.FromHTTP(r.Header, body) })
	if err != nil {
		h.answers.refused(w, http.StatusBadRequest, err.Error())
		return
	}
	h.answer(w, info, h.f.call(r.Context(), info, input))
}

func (h *functionHandler) answer(w http.ResponseWriter, info *invocation.Info, out outcome) {
	switch {
	case out.panic != nil:
		ReportPanic(info, out.panic)
		h.answers.crashed(w, info)
	case out.err != nil:
		h.answers.failed(w, info, out.err)
	default:
		h.answers.succeeded(w, out.result)
	}
}

// ReportPanic logs a recovered panic with its stack, as one entry of the
// invocation, so that concurrent output cannot cut it.
func ReportPanic(info *invocation.Info, p *Panic) {
	logging.Report(info, logging.Critical, fmt.Sprintf("go-handoff: execution %s: %v\n%s", info.ExecutionID, p, p.Stack))
}

// InfoOf returns the invocation the request belongs to, made by
// WithInvocation, or describes it now.
func InfoOf(r *http.Request) *invocation.Info {
	if info, ok := invocation.From(r.Context()); ok {
		return info
	}
	return invocation.FromRequest(r, time.Time{})
}
