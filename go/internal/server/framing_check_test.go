package server

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// echoesItsBody answers with the path and the body it read.
var echoesItsBody = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	io.WriteString(w, r.URL.Path+" "+string(body))
})

func TestRequestsWithTwoFramingsAreRefusedAndTheirConnectionClosed(t *testing.T) {
	smuggle := "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
	tests := []struct {
		name    string
		request string
	}{
		{"Content-Length and Transfer-Encoding", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggle},
		{"Transfer-Encoding first", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggle},
		{"Transfer-Encoding on HTTP/1.0", "POST /a HTTP/1.0\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggle},
		{"after a first request, in the same write", "GET /first HTTP/1.1\r\nHost: x\r\n\r\nPOST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggle},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			function := &counted{Handler: echoesItsBody}
			addr := serveInProcess(t, Config{Handler: function, Body: DefaultBodyBounds})
			c := dialServer(t, addr)
			c.send(tt.request)
			first := strings.HasPrefix(tt.request, "GET /first")
			if first {
				if status, _, body, err := c.answer(2 * time.Second); err != nil || status != 200 || body != "/first " {
					t.Fatalf("the first request: got %d %q, %v", status, body, err)
				}
			}
			status, connection, body, err := c.answer(2 * time.Second)
			if err != nil || status != http.StatusBadRequest || connection != "close" || !strings.Contains(body, "RFC 9112 section 6.1") {
				t.Fatalf("got %d (Connection: %q) %q, %v; want 400 saying why, and Connection: close", status, connection, body, err)
			}
			if !c.closedWithin(2 * time.Second) {
				t.Error("the connection stayed open")
			}
			if want := map[bool]int64{true: 1, false: 0}[first]; function.seen.Load() != want {
				t.Errorf("the function saw %d requests, want %d: neither the refused one nor what followed it", function.seen.Load(), want)
			}
		})
	}
}

func TestRequestsWithOneFramingKeepTheirConnection(t *testing.T) {
	addr := serveInProcess(t, Config{Handler: echoesItsBody, Body: DefaultBodyBounds})
	c := dialServer(t, addr)
	c.send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
	c.send("POST /declared HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nworld")
	c.send("OPTIONS * HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc")
	c.send("GET /last HTTP/1.1\r\nHost: x\r\n\r\n")
	for _, want := range []string{"/chunked hello", "/declared world", "", "/last "} {
		status, connection, body, err := c.answer(2 * time.Second)
		if err != nil || status != 200 || body != want || connection == "close" {
			t.Fatalf("got %d (Connection: %q) %q, %v; want 200 %q on the same connection", status, connection, body, err, want)
		}
	}
	// After "OPTIONS *", the checks are still in step with the requests.
	c.send("POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
	if status, _, _, err := c.answer(2 * time.Second); err != nil || status != http.StatusBadRequest {
		t.Fatalf("got %d, %v; want 400", status, err)
	}
}

func TestARequestWhoseFramingCannotBeFollowedClosesItsConnection(t *testing.T) {
	addr := serveInProcess(t, Config{Handler: echoesItsBody, Body: DefaultBodyBounds})
	c := dialServer(t, addr)
	// net/http accepts this Content-Length (it trims blanks); framing holds
	// too little of the line to read it.
	c.send("POST /long HTTP/1.1\r\nHost: x\r\nContent-Length:" + strings.Repeat(" ", 70) + "5\r\n\r\nhello")
	status, connection, body, err := c.answer(2 * time.Second)
	if err != nil || status != 200 || body != "/long hello" || connection != "close" {
		t.Fatalf("got %d (Connection: %q) %q, %v; want it served, and Connection: close", status, connection, body, err)
	}
}
