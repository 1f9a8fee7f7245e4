package server

import (
	"fmt"
	"net/http"
)

// withLegacyRoutes answers what the old lazy-loading Cloud Functions worker
// asked of a loaded function, as Google's cloud-functions-go did: /load
// ("User function is ready") and /check (health). Every other path reaches
// the function.
func withLegacyRoutes(function http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/load":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintln(w, "User function is ready")
		case "/check":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			fmt.Fprintln(w, "OK")
		default:
			function.ServeHTTP(w, r)
		}
	})
}
