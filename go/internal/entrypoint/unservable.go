package entrypoint

import (
	"net/http"
	"strings"
)

// unservable answers every request with a 500 naming what is wrong, so that
// the host stays up and the cause is in front of whoever calls: a target
// that names no function, say. Serve logs the reason once, at start.
func unservable(reason string) http.Handler {
	message := "go-handoff: " + strings.TrimPrefix(reason, "go-handoff: ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(statusHeader, statusError)
		http.Error(w, message, http.StatusInternalServerError)
	})
}
