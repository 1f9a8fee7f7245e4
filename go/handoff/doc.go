// Package handoff serves a Go function on the socket a Node.js-only host
// opened, after go-handoff's loader exec'd this binary in place of Node.js.
//
// A function's main calls Start once:
//
//	func main() {
//		handoff.Start(func(w http.ResponseWriter, r *http.Request) {
//			fmt.Fprintln(w, "Hello from Go!")
//		})
//	}
//
// Start takes the listening socket from LISTEN_FDS (systemd's convention,
// which the loader follows), or listens on $PORT (default 8080) when the
// binary runs on its own. It serves the function on every path, /execute
// included, and returns after SIGTERM or SIGINT once in-flight requests have
// finished.
package handoff
