package activation

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Passed is what a parent handed over, sorted by use.
type Passed struct {
	// Listeners accept new connections: the host's listening socket.
	Listeners []net.Listener
	// Conns were accepted by the parent, which read nothing from them yet:
	// they are served like any new connection.
	Conns []net.Conn
	// Finishing were answered by the parent, which told the client it would
	// close them: read what the client still sends, then close them cleanly.
	Finishing []net.Conn
	// Ignored says why descriptors LISTEN_FDS counted were not taken (see
	// Files), for the log; "" when none were left.
	Ignored string
}

// Names of passed descriptors, as go-handoff's addon sets them in LISTEN_FDNAMES.
const (
	NameListener  = "http"
	NameConn      = "conn"
	NameFinishing = "finish"
)

// Take turns the passed descriptors into listeners and connections. A
// descriptor named "conn" or "finish" becomes a connection, any other name
// (systemd units name them as they like) must be a listening socket, whose
// accept backlog is raised to the system's maximum.
func Take() (Passed, error) {
	files, ignored, err := Files()
	if err != nil {
		return Passed{}, err
	}
	passed := Passed{Ignored: ignored}
	for _, file := range files {
		if err := passed.add(file); err != nil {
			passed.Close()
			return Passed{}, err
		}
	}
	return passed, nil
}

func (p *Passed) add(file File) error {
	// net.FileListener and net.FileConn duplicate the descriptor.
	defer file.Close()
	switch file.Name {
	case NameConn, NameFinishing:
		conn, err := net.FileConn(file.File)
		if err != nil {
			return fmt.Errorf("activation: passed fd %d (%s) is not a connection: %w", file.Fd(), file.Name, err)
		}
		if file.Name == NameConn {
			p.Conns = append(p.Conns, conn)
		} else {
			p.Finishing = append(p.Finishing, conn)
		}
		return nil
	default:
		fd := int(file.Fd())
		if err := raiseBacklog(fd); err != nil {
			return fmt.Errorf("activation: passed fd %d (%s): %w", fd, file.Name, err)
		}
		listener, err := net.FileListener(file.File)
		if err != nil {
			return fmt.Errorf("activation: passed fd %d (%s) is not a listening socket: %w", fd, file.Name, err)
		}
		p.Listeners = append(p.Listeners, listener)
		return nil
	}
}

// raiseBacklog calls listen(2) again with the system's maximum backlog: the
// parent chose its own (Node.js uses 511), and a second listen on a listening
// socket only changes the backlog.
func raiseBacklog(fd int) error {
	accepting, err := syscall.GetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_ACCEPTCONN)
	if err != nil {
		return fmt.Errorf("not a socket: %w", err)
	}
	if accepting == 0 {
		return fmt.Errorf("a socket, but not listening (was listen(2) called before passing it?)")
	}
	if err := syscall.Listen(fd, maxBacklog()); err != nil {
		return fmt.Errorf("raising the listen backlog: %w", err)
	}
	return nil
}

// maxBacklog is the kernel's limit, as Go's own net.Listen reads it.
func maxBacklog() int {
	data, err := os.ReadFile("/proc/sys/net/core/somaxconn")
	if err != nil {
		return syscall.SOMAXCONN
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || n <= 0 {
		return syscall.SOMAXCONN
	}
	return n
}

// Close closes everything, for error paths.
func (p Passed) Close() {
	for _, l := range p.Listeners {
		l.Close()
	}
	for _, c := range p.Conns {
		c.Close()
	}
	for _, c := range p.Finishing {
		c.Close()
	}
}
