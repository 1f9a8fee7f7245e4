package contract

import (
	"context"
	"net/http"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// WithInvocation describes each request as an invocation (execution id,
// headers, the function's identity) and, when timeout is positive, gives
// its context that deadline.
func WithInvocation(next http.Handler, timeout time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// One clock reading for both the deadline and the invocation's start,
		// so that a timeout is reported as configured, however busy the machine.
		start := time.Now()
		var deadline time.Time
		ctx := r.Context()
		if timeout > 0 {
			deadline = start.Add(timeout)
			var cancel context.CancelFunc
			ctx, cancel = context.WithDeadline(ctx, deadline)
			defer cancel()
		}
		info := invocation.FromRequest(r, deadline)
		info.Start = start
		next.ServeHTTP(w, r.WithContext(invocation.With(ctx, info)))
	})
}
