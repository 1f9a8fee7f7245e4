// Package serving turns functions registered with functions-framework-go's
// API into http.Handlers that answer as functions-framework-go does: its
// status codes, its X-Google-Status header, its messages. go-handoff's
// server runs them, with its execution ids, deadline and logs.
package serving

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/go-handoff/go-handoff/handoffimpl"
)

// What functions-framework-go writes, and users' log queries match on.
const (
	panicMessage   = "A panic occurred during user function execution. Please see logs for more details."
	functionFailed = "Function error: %v"
)

// The X-Google-Status values, go-handoff's own (internal/contract's).
const (
	statusCrash = handoffimpl.GoogleStatusCrash
	statusError = handoffimpl.GoogleStatusError
)

// writeError answers status with msg, as functions-framework-go's
// writeHTTPErrorResponse does: the message on stderr and in the body, both
// ending in a newline.
func writeError(w http.ResponseWriter, status int, googleStatus, msg string) {
	if !strings.HasSuffix(msg, "\n") {
		msg += "\n"
	}
	fmt.Fprint(os.Stderr, msg)
	if googleStatus != "" {
		w.Header().Set(handoffimpl.GoogleStatusHeader, googleStatus)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprint(w, msg)
}

// functionError is the line functions-framework-go writes for an error a
// function returned.
func functionError(err any) string {
	return fmt.Sprintf(functionFailed, err)
}

// logPanic writes a recovered panic and its stack on stderr, as
// functions-framework-go does, in one write so that no other output cuts it.
func logPanic(recovered any) {
	fmt.Fprintf(os.Stderr, "%s\npanic message: %v\nstack trace: %v\n%s", panicMessage, recovered, recovered, debug.Stack())
}

// recoverInto turns a panic of the function into functions-framework-go's
// 500 with X-Google-Status: crash. Deferred by each handler. After the
// function answered an error of its own, nothing of which has left yet,
// functions-framework-go's message follows that answer's body, as it does
// there; after any other answer had begun, the connection is aborted, so
// that the client cannot take half an answer for a whole one.
func recoverInto(w *handoffimpl.TrackedAnswer) {
	recovered := recover()
	if recovered == nil {
		return
	}
	if recovered == http.ErrAbortHandler {
		panic(recovered)
	}
	logPanic(recovered)
	switch {
	case !w.Began():
		writeError(w, http.StatusInternalServerError, statusCrash, panicMessage)
	case w.ErrorHeld():
		// Its status and headers are the function's: they are written.
		fmt.Fprint(os.Stderr, panicMessage+"\n")
		fmt.Fprint(w, panicMessage+"\n")
	default:
		panic(http.ErrAbortHandler)
	}
}

// readBody reads the request's body, or answers why it cannot, as
// go-handoff's other handlers do (handoffimpl.BodyReadFailure).
func readBody(w http.ResponseWriter, r *http.Request, googleStatus string) ([]byte, bool) {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		return body, true
	}
	status, message := handoffimpl.BodyReadFailure(err)
	writeError(w, status, googleStatus, message)
	return nil, false
}
