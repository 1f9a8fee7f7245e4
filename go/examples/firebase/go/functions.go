// Package functions holds the Go functions that functions/index.js exports
// to Firebase. Each exported function of a shape go-handoff serves is one:
// `go.hello` in index.js is Hello. Add a function here and a line there.
package functions

import (
	"fmt"
	"net/http"

	"github.com/go-handoff/go-handoff/handoff"
)

// Hello is an HTTP function (onRequest in index.js).
func Hello(w http.ResponseWriter, r *http.Request) {
	name := "Firebase"
	if c, ok := handoff.FromContext(r.Context()); ok && c.FunctionName != "" {
		name = c.FunctionName
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Hello from Go, serving %s! You asked for %s.\n", name, r.URL.Path)
}
