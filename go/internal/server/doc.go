// Package server serves one function over HTTP on the sockets Node.js handed
// over (or on $PORT when started alone), and shuts down gracefully.
package server
