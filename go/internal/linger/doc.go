// Package linger closes connections the way nginx's lingering_close does,
// so that an answer given before the request's body was read reaches every
// client.
//
// Some clients (Python's http.client and everything built on it) send the
// whole request before they read a byte of the answer. When the server
// answers early (413 for a body over the limit, 504 for a function past
// its deadline, any answer of a function that ignores a large body) and then
// closes the socket with the rest of the body still unread, the kernel
// sends a reset: the client's send fails with a broken pipe, and it never
// sees the answer. So the server half-closes instead, reads and discards
// what the client still sends until it ends or a bound is reached (bytes
// drained, time spent: Bounds), and only then closes.
//
// It works with net/http rather than around it. net/http already ends such
// connections by flushing the answer and calling CloseWrite, then closes
// them 500 ms later; Drains.Listener wraps each accepted connection in a Conn
// whose CloseWrite starts a bounded drain and whose Close leaves the final
// close to that drain. Where the server decides itself that a body will not
// be read to its end (Conn.CloseAfterAnswer), net/http reads nothing more
// from the connection, which would take the rest of the body for the next
// request, and its close lingers the same way. Connections closed for any
// other reason (idle, shutdown, the client's Connection: close) close at
// once, as before.
//
// A declared Content-Length within the bound can do better than a close: the
// answer goes out at once, the handler reads the rest of the body to its
// end (AnswerEarly), and the connection serves the next request.
package linger
