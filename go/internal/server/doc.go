// Package server serves one function over HTTP on the sockets Node.js handed
// over (or on $PORT when started alone), and shuts down gracefully.
//
// It holds clients to bounds a public endpoint needs and net/http does not
// set by itself: an idle timeout for keep-alive connections, a bound on
// how long a request's body may keep the server waiting (body_bounds.go),
// a cap on the connections held at once (connection_cap.go), and a refusal
// of requests whose body is framed two ways, which net/http serves
// (framing.go, framing_check.go). docs/connections.md says what a client
// sees.
package server
