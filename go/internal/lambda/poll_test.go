package lambda

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"
)

// onePeer accepts one connection and hands it to serve.
func onePeer(t *testing.T, serve func(conn net.Conn, reader *bufio.Reader)) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(5 * time.Second))
				serve(conn, bufio.NewReader(conn))
			}()
		}
	}()
	return listener.Addr().String()
}

func TestRespondAndPollSendsThePollBeforeTheAnswerIsAcknowledged(t *testing.T) {
	// This peer acknowledges the post only once the poll has arrived: a
	// client that waited for the 202 before polling would wait for ever.
	seen := make(chan string, 2)
	address := onePeer(t, func(conn net.Conn, reader *bufio.Reader) {
		for i := 0; i < 2; i++ {
			req, err := http.ReadRequest(reader)
			if err != nil {
				seen <- "error: " + err.Error()
				return
			}
			io.Copy(io.Discard, req.Body)
			seen <- req.Method + " " + req.URL.Path
		}
		conn.Write([]byte("HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"))
		conn.Write([]byte("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r2\r\nContent-Length: 2\r\n\r\n{}"))
		reader.ReadByte() // until the client closes
	})
	client := NewClient(address)
	poll, err := client.RespondAndPoll(context.Background(), "r1", []byte(`"ok"`), "application/json")
	if err != nil {
		t.Fatal(err)
	}
	inv, err := poll.Next(context.Background())
	if err != nil || inv.RequestID != "r2" {
		t.Fatalf("Next: %+v, %v; want r2", inv, err)
	}
	if first, second := <-seen, <-seen; first != "POST /2018-06-01/runtime/invocation/r1/response" || second != "GET /2018-06-01/runtime/invocation/next" {
		t.Errorf("the peer got %q then %q", first, second)
	}
}

func TestAPollTheRuntimeAPIClosedIsSentAgain(t *testing.T) {
	// Connection: close after the 202: the GET behind it was never read.
	peer := startRawPeer(t, 1, func(req *http.Request) string {
		if req.Method == http.MethodPost {
			return "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
		}
		return eventAnswer(req)
	})
	client := NewClient(peer.listener.Addr().String())
	poll, err := client.RespondAndPoll(context.Background(), "r0", []byte(`"ok"`), "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if inv, err := poll.Next(context.Background()); err != nil || inv.RequestID != "r1" {
		t.Fatalf("Next: %+v, %v; want r1, asked again on a new connection", inv, err)
	}
	if got := peer.connections.Load(); got != 2 {
		t.Errorf("%d connections; want 2", got)
	}
}

func TestOnceThePollsStoppedRespondAndPollOnlyResponds(t *testing.T) {
	api := newFakeAPI(t, event("r1", `{}`))
	stopped, stop := context.WithCancel(context.Background())
	stop()
	poll, err := api.client().RespondAndPoll(stopped, "r0", []byte(`"ok"`), "application/json")
	if err != nil {
		t.Fatal(err)
	}
	poll.Abandon()
	if posts := api.waitPosts(1); posts[0].path != "/invocation/r0/response" {
		t.Errorf("posts: %+v", posts)
	}
	api.mu.Lock()
	defer api.mu.Unlock()
	if api.nextCalls != 0 {
		t.Errorf("%d GET /next after the polls stopped; want none", api.nextCalls)
	}
}
