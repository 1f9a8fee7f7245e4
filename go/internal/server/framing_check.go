package server

import (
	"io"
	"net/http"
)

// ambiguousFraming is the 400's message for a request whose body has two
// framings.
const ambiguousFraming = "the request has both Content-Length and Transfer-Encoding (or Transfer-Encoding on HTTP/1.0), which RFC 9112 section 6.1 forbids: send one of them"

// withFramingChecked refuses, with 400, a request whose head framed its
// body two ways (framing.go), as Node.js's server and nginx do, and closes
// the connection after it: the client, or a front end on the way, may
// think the body ends elsewhere than go-handoff does. A request whose
// framing could not be followed is served, and its connection closed after
// it.
//
// It also answers "OPTIONS *" itself, as net/http would: the server lets
// every request through to it (DisableGeneralOptionsHandler), so that each
// head framing followed is a request checked here, in order.
func withFramingChecked(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, served := connOfRequest(r)
		if served != nil {
			switch served.nextVerdict() {
			case framingAmbiguous:
				w.Header().Set("Connection", "close")
				conn.CloseAfterAnswer() // which bytes are the body is the question
				http.Error(w, ambiguousFraming, http.StatusBadRequest)
				return
			case framingUnknown:
				w.Header().Set("Connection", "close")
			}
		}
		if r.Method == http.MethodOptions && r.RequestURI == "*" {
			answerServerOptions(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// answerServerOptions answers "OPTIONS *" as net/http's own handler does:
// 200 with no body, having read at most 4 KiB of the request's.
func answerServerOptions(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "0")
	if r.ContentLength != 0 {
		io.Copy(io.Discard, http.MaxBytesReader(w, r.Body, 4<<10))
	}
}
