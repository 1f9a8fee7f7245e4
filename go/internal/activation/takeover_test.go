package activation

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"

	"github.com/go-handoff/go-handoff/internal/activationtest"
	"strings"
	"testing"
	"time"
)

// The test binary re-runs itself as the child that takes the sockets over,
// as go-handoff's addon execs the Go binary: sockets at fd 3.., LISTEN_PID
// set by a shell that then execs (keeping its pid).
const childMode = "GO_HANDOFF_ACTIVATION_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childMode) {
	case "":
	case "report":
		reportChild()
		return
	default:
		runChild()
		return
	}
	os.Exit(m.Run())
}

// runChild takes the passed sockets over and serves "pid <pid>" on each
// listener and connection, like internal/server does.
func runChild() {
	passed, err := Take()
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "pid %d listeners %d conns %d finishing %d fds-left %q", os.Getpid(),
			len(passed.Listeners), len(passed.Conns), len(passed.Finishing), os.Getenv("LISTEN_FDS"))
	})
	for _, c := range passed.Finishing {
		go func() { c.(*net.TCPConn).CloseWrite(); io.Copy(io.Discard, c); c.Close() }()
	}
	for _, c := range passed.Conns {
		go http.Serve(&oneConn{conn: c, done: make(chan struct{})}, handler)
	}
	http.Serve(passed.Listeners[0], handler)
}

// reportChild says what Take gave it, and exits.
func reportChild() {
	passed, err := Take()
	fmt.Printf("listeners %d, error %v, ignored %q, LISTEN_FDS left %q\n", len(passed.Listeners), err, passed.Ignored, os.Getenv("LISTEN_FDS"))
}

// oneConn is a listener that yields a single connection.
type oneConn struct {
	conn net.Conn
	done chan struct{}
	sent bool
}

func (o *oneConn) Accept() (net.Conn, error) {
	if !o.sent {
		o.sent = true
		return o.conn, nil
	}
	<-o.done
	return nil, net.ErrClosed
}
func (o *oneConn) Close() error   { return nil }
func (o *oneConn) Addr() net.Addr { return o.conn.LocalAddr() }

func startChild(t *testing.T, names string, files ...*os.File) *exec.Cmd {
	t.Helper()
	cmd := activationtest.Command(t, []string{childMode + "=1"}, strings.Split(names, ":"), files...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func TestTakeOverAnInheritedListener(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	file, _ := listener.(*net.TCPListener).File()
	child := startChild(t, "http", file)
	file.Close()
	listener.Close() // the child's copy is the only one left

	resp, err := http.Get("http://" + listener.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want := fmt.Sprintf("pid %d listeners 1 conns 0 finishing 0 fds-left %q", child.Process.Pid, "")
	if string(body) != want {
		t.Errorf("got %q, want %q", body, want)
	}
	if backlog := listenBacklog(t, listener.Addr().(*net.TCPAddr).Port); backlog != maxBacklog() {
		t.Errorf("listen backlog is %d, want the system maximum %d", backlog, maxBacklog())
	}
}

// A process started with a listener at fd 3 and LISTEN_FDS, but no
// LISTEN_PID, does not take it: without the pid, nothing says the count is
// this process's (go-systemd's rule), and the log says why.
func TestNoListenPIDNoTakeOver(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	file, _ := listener.(*net.TCPListener).File()
	defer file.Close()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	child := exec.Command(self) // no shell to set LISTEN_PID
	child.Env = append(os.Environ(), childMode+"=report", "LISTEN_FDS=1", "LISTEN_FDNAMES=http")
	child.ExtraFiles = []*os.File{file}
	out, err := child.Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := `listeners 0, error <nil>, ignored "LISTEN_FDS=1 came without LISTEN_PID`; !strings.HasPrefix(string(out), want) || !strings.HasSuffix(string(out), `LISTEN_FDS left ""`+"\n") {
		t.Errorf("got %q, want %q... and the variables unset", out, want)
	}
}

func TestTakeOverAcceptedConnections(t *testing.T) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer listener.Close()
	// One connection the parent accepted but never read from, one it answered.
	unread, _ := net.Dial("tcp", listener.Addr().String())
	defer unread.Close()
	unreadServer, _ := listener.Accept()
	answered, _ := net.Dial("tcp", listener.Addr().String())
	defer answered.Close()
	answeredServer, _ := listener.Accept()
	fmt.Fprint(answeredServer, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")

	files := []*os.File{}
	for _, c := range []net.Conn{unreadServer, answeredServer} {
		f, _ := c.(*net.TCPConn).File()
		files = append(files, f)
	}
	lf, _ := listener.(*net.TCPListener).File()
	startChild(t, "http:conn:finish", append([]*os.File{lf}, files...)...)
	for _, f := range append(files, lf) {
		f.Close()
	}
	unreadServer.Close()
	answeredServer.Close()

	// The unread connection is served by the child.
	fmt.Fprint(unread, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(unread), nil)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(body), "listeners 1 conns 1 finishing 1") {
		t.Errorf("unread connection got %q", body)
	}
	// The answered one reads to the end, then sees the close.
	answered.SetReadDeadline(time.Now().Add(5 * time.Second))
	all, err := io.ReadAll(answered)
	if err != nil || !strings.HasSuffix(string(all), "\r\n\r\nok") {
		t.Errorf("answered connection read %q, %v", all, err)
	}
}
