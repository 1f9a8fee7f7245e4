package server

import "net/http"

// withEmulatorHealth answers GET /__/health itself, as the Firebase
// emulator's own function runtime does: the emulator asks it of every new
// function process before sending it work, and would otherwise call the
// user's function once per process start. Every other path reaches the
// function.
func withEmulatorHealth(function http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__/health" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			w.WriteHeader(http.StatusOK)
			return
		}
		function.ServeHTTP(w, r)
	})
}
