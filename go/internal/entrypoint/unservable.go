package entrypoint

import (
	"net/http"
	"os"
	"strings"

	"github.com/go-handoff/go-handoff/internal/disclosure"
)

// TargetErrorCode is the code of the 500 a target that names no function
// gets, in X-Go-Handoff-Error and in a production answer's body (the
// loader's answers carry their codes the same way).
const TargetErrorCode = "ERR_GO_HANDOFF_TARGET"

// errorCodeHeader is the header the loader names its failures with.
const errorCodeHeader = "X-Go-Handoff-Error"

// unservable answers every request with a 500 naming what is wrong, so that
// the host stays up and the cause is in front of whoever calls: a target
// that names no function, say. Serve logs the reason once, at start.
func unservable(reason string) http.Handler {
	return Unservable(TargetErrorCode, reason, disclosure.Plain(os.Getenv))
}

// Unservable is that 500: in development (plain false) with reason, in
// production (disclosure.Plain) with code alone, reason being in the log.
func Unservable(code, reason string, plain bool) http.Handler {
	message := "go-handoff: " + strings.TrimPrefix(reason, "go-handoff: ")
	if plain {
		message = disclosure.PlainMessage(code)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(statusHeader, statusError)
		w.Header().Set(errorCodeHeader, code)
		http.Error(w, message, http.StatusInternalServerError)
	})
}
