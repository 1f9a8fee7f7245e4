package contract

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync/atomic"

	"github.com/go-handoff/go-handoff/internal/linger"
)

// MaxBodyBytes bounds how much of a request body is read for a typed, bytes
// or event function. The SDK sets it at start-up. Atomic, because a
// function that outlived its deadline may still be reading it when it is
// set again (in tests).
var MaxBodyBytes = func() *atomic.Int64 {
	limit := new(atomic.Int64)
	limit.Store(32 << 20)
	return limit
}()

// errBodyTooLarge is the body read failing on MaxBodyBytes.
type errBodyTooLarge struct{ limit int64 }

func (e errBodyTooLarge) Error() string { return BodyTooLarge(e.limit) }

// BodyTooLarge is the 413's message for a body over limit, the same for
// every contract and for the handlers that read bodies of their own
// (background functions, functions-framework-go's stand-in).
func BodyTooLarge(limit int64) string {
	return fmt.Sprintf("the request body is larger than the limit of %s (raise it with GO_HANDOFF_MAX_BODY_BYTES)", byteSize(limit))
}

// IsBodyTooSlow says whether reading a request body failed because the
// client sent it too slowly: the server bounds how long a body may keep it
// waiting (its read then fails with an os.ErrDeadlineExceeded), and the
// answer is 408 Request Timeout, with the error's message.
func IsBodyTooSlow(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// BodyReadFailure is the answer to a failed read of a request body, for the
// handlers that read bodies of their own (background functions,
// functions-framework-go's stand-in): 413 past the body limit, 408 for a
// client that sent it too slowly, 400 for anything else, with what to say.
func BodyReadFailure(err error) (status int, message string) {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge, BodyTooLarge(tooLarge.Limit)
	case IsBodyTooSlow(err):
		return http.StatusRequestTimeout, err.Error()
	}
	return http.StatusBadRequest, fmt.Sprintf("reading the request body: %v", err)
}

// errBodyTooSlow is the body read failing on the server's body bounds.
type errBodyTooSlow struct{ error }

// readBody reads the whole body, refusing more than MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes.Load()))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errBodyTooLarge{limit: tooLarge.Limit}
	}
	if IsBodyTooSlow(err) {
		return nil, errBodyTooSlow{err}
	}
	if err != nil {
		_, reason := BodyReadFailure(err)
		return nil, &InputError{Reason: reason}
	}
	return body, nil
}

// refuseTooLarge answers 413 for a body over limit that was not read, or
// not to its end, in a way every client can read (see linger.AnswerEarly).
func refuseTooLarge(w http.ResponseWriter, r *http.Request, answers answers, limit int64) {
	linger.AnswerEarly(w, r, func(w http.ResponseWriter) {
		answers.refused(w, http.StatusRequestEntityTooLarge, errBodyTooLarge{limit: limit}.Error())
	})
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// withDeclaredLimit answers 413 to a declared length over MaxBodyBytes
// before the function runs, and outside its deadline guard: reading the
// refused body to its end (refuseTooLarge) is not the function's time.
func withDeclaredLimit(next http.Handler, answers answers) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if limit := MaxBodyBytes.Load(); r.ContentLength > limit {
			refuseTooLarge(w, r, answers, limit)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// withBodyLimit holds a net/http function to MaxBodyBytes too: a declared
// length over it is answered 413 before the function runs, and reading past
// it (a chunked body) fails in the function.
func withBodyLimit(next http.Handler, answers answers) http.Handler {
	return withDeclaredLimit(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes.Load())
		}
		next.ServeHTTP(w, r)
	}), answers)
}
