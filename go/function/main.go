// The function that `make` packs into function.zip. Edit it: anything that
// net/http can serve works, on /execute and on every other path.
package main

import (
	"fmt"
	"net/http"

	"github.com/go-handoff/go-handoff/handoff"
)

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Hello from Go! You asked for %s.\n", r.URL.Path)
}

func main() {
	handoff.Start(hello)
}
