package serving

import (
	"net/http"

	"github.com/go-handoff/go-handoff/compat/functionsframework"
)

// HTTP serves an HTTP function. /favicon.ico and /robots.txt are answered
// 404 without calling it, as Cloud Functions does for HTTP functions (a
// browser's second request would otherwise run the function twice).
func HTTP(fn func(http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/favicon.ico" || r.URL.Path == "/robots.txt" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		tracked := functionsframework.TrackAnswer(w, r)
		defer recoverInto(tracked)
		fn(tracked, r)
	})
}
