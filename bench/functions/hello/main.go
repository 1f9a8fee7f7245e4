// The benchmarks' trivial function: the same answer as hello-js/index.js,
// so that every variant does the same work and only the path to it differs.
// It has no go.mod, like most functions users write: the build makes one.
package main

import (
	"net/http"

	"github.com/go-handoff/go-handoff/handoff"
)

var body = []byte("ok")

func main() {
	handoff.Start(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write(body)
	})
}
