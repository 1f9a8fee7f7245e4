package contract

import (
	"net/http"
)

// recoverHTTP serves a net/http function, turning a panic into a 500 (with
// X-Google-Status: crash and the stack in the logs) when nothing was written
// yet. A panic after the function answered an error of its own, nothing of
// which has left yet (Google's samples call http.Error and go on to
// dereference a nil client), leaves that answer to be sent whole, as
// functions-framework-go does. After any other answer had begun (a
// success, or bytes already sent), the connection is aborted: a client
// must not take half an answer for a whole one.
func recoverHTTP(function http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tracked := TrackAnswer(w, r)
		defer func() {
			recovered := recover()
			if recovered == nil || recovered == http.ErrAbortHandler {
				if recovered != nil {
					panic(recovered)
				}
				return
			}
			info := InfoOf(r)
			ReportPanic(info, &Panic{Value: recovered, Stack: stack()})
			switch {
			case !tracked.Began():
				w.Header().Set(statusHeader, statusCrash)
				http.Error(w, crashMessage(info), http.StatusInternalServerError)
			case tracked.ErrorHeld():
				// net/http sends it as the function left it.
			default:
				panic(http.ErrAbortHandler)
			}
		}()
		function.ServeHTTP(tracked, r)
	})
}
