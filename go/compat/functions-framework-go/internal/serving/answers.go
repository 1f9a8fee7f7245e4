// Package serving turns functions registered with functions-framework-go's
// API into http.Handlers that answer as functions-framework-go does: its
// status codes, its X-Google-Status header, its messages. go-handoff's
// server runs them, with its execution ids, deadline and logs.
package serving

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime/debug"
	"strings"

	"github.com/go-handoff/go-handoff/compat/functionsframework"
)

// What functions-framework-go writes, and users' log queries match on.
const (
	statusHeader   = "X-Google-Status"
	statusCrash    = "crash"
	statusError    = "error"
	panicMessage   = "A panic occurred during user function execution. Please see logs for more details."
	functionFailed = "Function error: %v"
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
		w.Header().Set(statusHeader, googleStatus)
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
func recoverInto(w *functionsframework.TrackedAnswer) {
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

// readBody reads the request's body, or answers why it cannot: 413 past
// go-handoff's body limit (GO_HANDOFF_MAX_BODY_BYTES), 400 otherwise.
func readBody(w http.ResponseWriter, r *http.Request, googleStatus string) ([]byte, bool) {
	body, err := io.ReadAll(r.Body)
	if err == nil {
		return body, true
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		writeError(w, http.StatusRequestEntityTooLarge, googleStatus, functionsframework.BodyTooLarge(tooLarge.Limit))
		return nil, false
	}
	if functionsframework.IsBodyTooSlow(err) {
		writeError(w, http.StatusRequestTimeout, googleStatus, err.Error())
		return nil, false
	}
	writeError(w, http.StatusBadRequest, googleStatus, fmt.Sprintf("could not read request body: %v", err))
	return nil, false
}
