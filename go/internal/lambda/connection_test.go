package lambda

import (
	"bufio"
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// rawPeer is a Runtime API stand-in at the level of connections: it counts
// them, and closes each after answering `perConnection` requests.
type rawPeer struct {
	listener    net.Listener
	connections atomic.Int32
}

func startRawPeer(t *testing.T, perConnection int, answer func(*http.Request) string) *rawPeer {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { listener.Close() })
	peer := &rawPeer{listener: listener}
	go func() {
		for {
			conn, err := listener.Accept()
			if err != nil {
				return
			}
			peer.connections.Add(1)
			go func() {
				defer conn.Close()
				reader := bufio.NewReader(conn)
				for i := 0; i < perConnection; i++ {
					req, err := http.ReadRequest(reader)
					if err != nil {
						return
					}
					conn.Write([]byte(answer(req)))
				}
			}()
		}
	}()
	return peer
}

func eventAnswer(req *http.Request) string {
	return "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: r1\r\nContent-Length: 2\r\n\r\n{}"
}

func TestCallsShareOneConnection(t *testing.T) {
	peer := startRawPeer(t, 100, eventAnswer)
	client := NewClient(peer.listener.Addr().String())
	for i := 0; i < 5; i++ {
		if _, err := client.Next(context.Background()); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if got := peer.connections.Load(); got != 1 {
		t.Fatalf("5 calls used %d connections; want 1 (kept alive)", got)
	}
}

// A peer that closes an idle connection (as a frozen and thawed sandbox's
// may) costs a new connection, not a failed call.
func TestAConnectionClosedWhileIdleIsReplaced(t *testing.T) {
	peer := startRawPeer(t, 1, eventAnswer)
	client := NewClient(peer.listener.Addr().String())
	for i := 0; i < 3; i++ {
		if _, err := client.Next(context.Background()); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		time.Sleep(10 * time.Millisecond) // let the peer's close arrive
	}
	if got := peer.connections.Load(); got != 3 {
		t.Fatalf("3 calls on connections closed after each used %d connections; want 3", got)
	}
}

func TestConnectionCloseFromThePeerIsHonoured(t *testing.T) {
	peer := startRawPeer(t, 100, func(*http.Request) string {
		return "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
	})
	client := NewClient(peer.listener.Addr().String())
	for i := 0; i < 2; i++ {
		if err := client.Respond("r1", []byte("ok"), "text/plain"); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	if got := peer.connections.Load(); got != 2 {
		t.Fatalf("2 calls answered with Connection: close used %d connections; want 2", got)
	}
}

func TestTheRequestReachesThePeerWhole(t *testing.T) {
	got := make(chan string, 1)
	peer := startRawPeer(t, 100, func(req *http.Request) string {
		body := make([]byte, req.ContentLength)
		req.Body.Read(body)
		got <- req.Method + " " + req.URL.Path + " " + req.Header.Get("Content-Type") + " " + string(body)
		return "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
	})
	client := NewClient(peer.listener.Addr().String())
	if err := client.Respond("id/with slash", []byte(`{"a":1}`), "application/json"); err != nil {
		t.Fatal(err)
	}
	want := `POST /2018-06-01/runtime/invocation/id/with slash/response application/json {"a":1}`
	if request := <-got; request != want {
		t.Fatalf("the peer got %q; want %q", request, want)
	}
}

func TestCancellingTheContextEndsAWaitingNext(t *testing.T) {
	// A peer that never answers: the next invocation is not coming.
	peer := startRawPeer(t, 100, func(*http.Request) string { select {} })
	client := NewClient(peer.listener.Addr().String())
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	started := time.Now()
	_, err := client.Next(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Next on a cancelled context returned %v; want context.Canceled", err)
	}
	if waited := time.Since(started); waited > 5*time.Second {
		t.Fatalf("Next returned %v after the cancel", waited)
	}
}

func TestAnUnreachableAPIIsNamed(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	address := listener.Addr().String()
	listener.Close()
	_, err := NewClient(address).Next(context.Background())
	if err == nil || !strings.Contains(err.Error(), "GET http://"+address+"/2018-06-01/runtime/invocation/next") {
		t.Fatalf("Next against nothing returned %v; want an error naming the call", err)
	}
}

// On Lambda Managed Instances several loops each hold a GET /next open
// while others post answers: each call needs a connection of its own, and
// the connections are kept for the calls after.
func TestConcurrentCallsEachHaveAConnection(t *testing.T) {
	const polls = 3
	together := newBarrier(polls + 1)
	peer := startRawPeer(t, 100, func(req *http.Request) string {
		if req.Method == http.MethodGet {
			if err := together.wait(); err != nil {
				return "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
			}
			return eventAnswer(req)
		}
		return "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"
	})
	client := NewClient(peer.listener.Addr().String())
	errs := make(chan error, polls)
	for range polls {
		go func() {
			_, err := client.Next(context.Background())
			errs <- err
		}()
	}
	// The polls are answered only once all of them wait at once.
	if err := together.wait(); err != nil {
		t.Fatal(err)
	}
	for range polls {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if err := client.Respond("r1", []byte("ok"), "text/plain"); err != nil {
		t.Fatal(err)
	}
	if got := peer.connections.Load(); got != polls {
		t.Fatalf("%d polls at once, then an answer, used %d connections; want %d", polls, got, polls)
	}
}
