// An HTTP function: any net/http handler, here a ServeMux with two routes.
// Every path reaches it, /execute included.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/go-handoff/go-handoff/handoff"
)

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello, %s!\n", r.PathValue("name"))
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]string{"method": r.Method, "path": r.URL.Path})
	})
	handoff.Start(mux)
}
