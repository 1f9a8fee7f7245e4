package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/activationtest"
	"github.com/go-handoff/go-handoff/internal/linger"
)

// The test binary re-runs itself as a server process, so that signals and
// socket inheritance are real.
const childMode = "GO_HANDOFF_SERVER_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childMode) != "" {
		err := Run(Config{
			Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/early" {
					// Answered without reading the body: net/http gives the
					// connection up, and it lingers as it closes.
					w.Header().Set("Connection", "close")
					fmt.Fprint(w, "refused")
					return
				}
				if r.URL.Path == "/slow" {
					fmt.Println("slow request started")
					time.Sleep(500 * time.Millisecond)
				}
				fmt.Fprintf(w, "function saw %s", r.URL.Path)
			}),
			LegacyRoutes:      os.Getenv(childMode) == "legacy",
			ShutdownGrace:     3 * time.Second,
			ReadHeaderTimeout: 300 * time.Millisecond,
			// Longer than the grace period, to show shutdown cuts drains.
			Drain: linger.Bounds{Bytes: 1 << 30, Time: 30 * time.Second},
			OnShutdown: func(ctx context.Context) {
				_, hasDeadline := ctx.Deadline()
				fmt.Printf("shutdown hook ran, deadline %v\n", hasDeadline)
			},
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	os.Exit(m.Run())
}

type child struct {
	cmd    *exec.Cmd
	addr   string
	stdout *bufio.Reader
}

// startServer runs the server on a listener passed as fd 3.
func startServer(t *testing.T, mode string) *child {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	file, _ := listener.(*net.TCPListener).File()
	defer file.Close()
	defer listener.Close()
	cmd := activationtest.Command(t, []string{childMode + "=" + mode}, []string{"http"}, file)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return &child{cmd: cmd, addr: listener.Addr().String(), stdout: bufio.NewReader(out)}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

func TestServesTheFunctionOnEveryPath(t *testing.T) {
	c := startServer(t, "plain")
	for _, path := range []string{"/execute", "/", "/load", "/check", "/any/thing"} {
		if got, want := get(t, "http://"+c.addr+path), "function saw "+path; got != want {
			t.Errorf("GET %s: got %q, want %q", path, got, want)
		}
	}
}

func TestLegacyRoutes(t *testing.T) {
	c := startServer(t, "legacy")
	tests := []struct{ path, want string }{
		{"/load", "User function is ready\n"},
		{"/check", "OK\n"},
		{"/execute", "function saw /execute"},
	}
	for _, tt := range tests {
		if got := get(t, "http://"+c.addr+tt.path); got != tt.want {
			t.Errorf("GET %s: got %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestSIGTERMFinishesInFlightRequestsThenExitsZero(t *testing.T) {
	c := startServer(t, "plain")
	answer := make(chan string, 1)
	go func() { answer <- get(t, "http://"+c.addr+"/slow") }()
	if line, _ := c.stdout.ReadString('\n'); line != "slow request started\n" {
		t.Fatalf("child printed %q", line)
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	if got := <-answer; got != "function saw /slow" {
		t.Errorf("in-flight request got %q", got)
	}
	if line, _ := c.stdout.ReadString('\n'); line != "shutdown hook ran, deadline true\n" {
		t.Errorf("after the in-flight request, the child printed %q, want the shutdown hook's line", line)
	}
	if err := c.cmd.Wait(); err != nil {
		t.Errorf("child exited with %v, want status 0", err)
	}
	// Once stopped, nothing accepts on the socket any more.
	if conn, err := net.DialTimeout("tcp", c.addr, time.Second); err == nil {
		conn.Close()
		t.Errorf("still accepting connections after shutdown")
	}
}

func TestSlowClientsAreCutOff(t *testing.T) {
	c := startServer(t, "plain")
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n") // and never the blank line
	started := time.Now()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err = io.ReadAll(conn)
	if err != nil || time.Since(started) > 2*time.Second {
		t.Errorf("connection closed after %s (%v); want closed soon after the 300ms header timeout", time.Since(started), err)
	}
}

func TestListensOnPORTWhenNothingIsPassed(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	port := listener.Addr().(*net.TCPAddr).Port
	listener.Close()
	self, _ := os.Executable()
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), childMode+"=plain", fmt.Sprintf("PORT=%d", port))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		resp, err := http.Get(fmt.Sprintf("http://127.0.0.1:%d/x", port))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if string(body) != "function saw /x" {
				t.Errorf("got %q", body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("nothing listened on $PORT=%d: %v\n%s", port, err, stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// stderr is written by exec's copying goroutine until the child is gone.
	cmd.Process.Kill()
	cmd.Wait()
	if !strings.Contains(stderr.String(), "opened on $PORT") {
		t.Errorf("start-up line should say where the socket came from, got %q", stderr.String())
	}
}

func TestPassedConnsComeFirst(t *testing.T) {
	listener, _ := net.Listen("tcp", "127.0.0.1:0")
	defer listener.Close()
	client, _ := net.Dial("tcp", listener.Addr().String())
	defer client.Close()
	passed, _ := listener.Accept()
	wrapped := withPassedConns(listener, []net.Conn{passed})
	first, err := wrapped.Accept()
	if err != nil || first != passed {
		t.Fatalf("first Accept gave %v, %v; want the passed connection", first, err)
	}
	go net.Dial("tcp", listener.Addr().String())
	second, err := wrapped.Accept()
	if err != nil || second == passed {
		t.Fatalf("second Accept gave %v, %v; want a new connection", second, err)
	}
	second.Close()
}

func TestSIGTERMDoesNotWaitForADrainPastTheGracePeriod(t *testing.T) {
	c := startServer(t, "plain")
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	answer, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	if body, _ := io.ReadAll(answer.Body); string(body) != "refused" {
		t.Fatalf("got %q", body)
	}
	// A trickle keeps the drain going past net/http's own 500 ms wait.
	trickle := func(d time.Duration) error {
		for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if _, err := conn.Write([]byte("x")); err != nil {
				return err
			}
		}
		return nil
	}
	if err := trickle(time.Second); err != nil {
		t.Fatalf("the connection closed within a second of the answer (%v); want it draining", err)
	}
	started := time.Now()
	c.cmd.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- c.cmd.Wait() }()
	go trickle(10 * time.Second)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("child exited with %v, want status 0", err)
		}
		// The 3 s grace period, not the 30 s drain.
		if took := time.Since(started); took > 6*time.Second {
			t.Errorf("shutdown took %s", took)
		}
	case <-time.After(10 * time.Second):
		c.cmd.Process.Kill()
		t.Fatalf("still running 10s after SIGTERM: shutdown waited on the drain")
	}
}
