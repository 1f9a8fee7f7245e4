package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// maxLine bounds one entry; a longer line continues in the next entry
// (Cloud Logging refuses entries over 256 KiB).
const maxLine = 200 << 10

// streamState is a reader's own view of the invocations in flight, from the
// markers in its stream.
type streamState map[uint64]bool

// invocations maps marker ids to invocations, while their markers are read.
type invocations struct {
	sync.Mutex
	next    uint64
	byID    map[uint64]*invocation.Info
	pending map[uint64]int // end markers still to read, one per stream
	ids     map[*invocation.Info]uint64
}

// capture stands sockets in for standard output and error (file
// descriptors 1 and 2, so that everything written to them, by fmt or by
// anything else, goes through) and turns their lines into entries.
//
// Sockets rather than pipes, because a socket can be read without taking
// the data out of it (MSG_PEEK): a line leaves the socket only once its
// entry is written. Whatever the process had not yet written out when it
// ended (a crash, os.Exit) is still in the socket, where the
// drain-after-exit helper finds it.
type capture struct {
	sink    *Sink
	flushed []chan struct{}
	mu      sync.Mutex // one flush at a time
	// lifeline keeps the drain-after-exit helper waiting; nil without one.
	lifeline *os.File
	// streams are os.Stdout and os.Stderr, for the markers.
	streams []*os.File
	// readers are the sockets' reading ends. Held here for as long as the
	// capture lives: an *os.File that is garbage closes its descriptor.
	readers     []*os.File
	invocations invocations
}

// captureStdio redirects fds 1 and 2 into sockets read into sink, which
// writes to stdout, the original standard output (stderr is the original
// standard error).
func captureStdio(sink *Sink, stdout, stderr *os.File) (*capture, error) {
	c := &capture{sink: sink, streams: []*os.File{os.Stdout, os.Stderr}}
	c.invocations.byID = map[uint64]*invocation.Info{}
	c.invocations.pending = map[uint64]int{}
	c.invocations.ids = map[*invocation.Info]uint64{}
	streams := []struct {
		fd       int
		severity Severity
	}{{1, Info}, {2, Error}}
	readers := make([]*os.File, len(streams))
	writers := make([]int, len(streams))
	for i := range streams {
		pair, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			return nil, fmt.Errorf("capturing standard output and error: %w", err)
		}
		readers[i], writers[i] = os.NewFile(uintptr(pair[0]), "captured"), pair[1]
		// Nothing is read from the writing end, nor written to the reading one.
		_ = syscall.Shutdown(pair[0], syscall.SHUT_WR)
		_ = syscall.Shutdown(pair[1], syscall.SHUT_RD)
	}
	c.readers = readers
	c.lifeline = startDrainAfterExit(stdout, stderr, readers[0], readers[1])
	for i, stream := range streams {
		// The socket takes the descriptor's place; children inherit it too.
		if err := syscall.Dup3(writers[i], stream.fd, 0); err != nil {
			return nil, fmt.Errorf("capturing fd %d: %w", stream.fd, err)
		}
		syscall.Close(writers[i])
		done := make(chan struct{}, 1)
		c.flushed = append(c.flushed, done)
		go c.read(int(readers[i].Fd()), stream.severity, done)
	}
	return c, nil
}

// originalCopy duplicates fd (close-on-exec) before it is captured.
func originalCopy(fd int, name string) (*os.File, error) {
	copyFd, err := syscall.Dup(fd)
	if err != nil {
		return nil, fmt.Errorf("keeping the original %s: %w", name, err)
	}
	syscall.CloseOnExec(copyFd)
	return os.NewFile(uintptr(copyFd), name), nil
}

// read peeks at what was written, writes every whole line as an entry, and
// only then takes those lines out of the socket. A partial line waits in
// memory for its end (or for maxLine bytes, or a flush).
func (c *capture) read(fd int, severity Severity, flushed chan<- struct{}) {
	buf := make([]byte, maxLine)
	discard := make([]byte, maxLine)
	var partial []byte
	state := streamState{}
	for {
		n, _, err := syscall.Recvfrom(fd, buf, syscall.MSG_PEEK)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || n <= 0 {
			c.emit(partial, severity, state)
			return // the process is ending
		}
		data := buf[:n]
		taken := n
		if last := bytes.LastIndexByte(data, '\n'); last >= 0 {
			taken = last + 1
			lines := append(partial, data[:taken]...)
			partial = nil
			for len(lines) > 0 {
				end := bytes.IndexByte(lines, '\n') + 1
				c.emitLine(lines[:end], severity, state, flushed)
				lines = lines[end:]
			}
		} else if len(partial)+n >= maxLine {
			c.emitLine(append(partial, data...), severity, state, flushed)
			partial = nil
		} else {
			partial = append(partial, data...)
		}
		for taken > 0 {
			read, err := syscall.Read(fd, discard[:taken])
			if err == syscall.EINTR {
				continue
			}
			if err != nil || read <= 0 {
				return
			}
			taken -= read
		}
	}
}

// emitLine writes one line, acting on the markers in it.
func (c *capture) emitLine(line []byte, severity Severity, state streamState, flushed chan<- struct{}) {
	for {
		m, found := findMarker(line)
		if !found {
			c.emit(line, severity, state)
			return
		}
		c.emit(line[:m.start], severity, state)
		switch m.kind {
		case "begin":
			state[m.id] = true
		case "end":
			delete(state, m.id)
			c.invocations.ended(m.id)
		case "flush":
			flushed <- struct{}{}
		}
		line = line[m.end:]
	}
}

// emit writes one captured line. A line that is a JSON object already (a
// structured logger writing to stdout) keeps its fields, gaining the
// invocation's label and a severity if it has none.
func (c *capture) emit(line []byte, severity Severity, state streamState) {
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 {
		return
	}
	e := Entry{Time: time.Now(), Severity: severity, Message: string(line)}
	attribute(&e, c.invocations.only(state))
	if line[0] == '{' && c.sink.Format() == JSON {
		var fields map[string]any
		if json.Unmarshal(line, &fields) == nil {
			c.sink.WriteFields(fields, e)
			return
		}
	}
	c.sink.Write(e)
}

// flush waits, up to limit, until every stream's reader has read all that
// was written to it before the call.
func (c *capture) flush(limit time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.mark("flush", 0)
	deadline := time.After(limit)
	for _, done := range c.flushed {
		select {
		case <-done:
		case <-deadline:
			return
		}
	}
}

// mark writes a marker into both streams. (Through os.Stdout and os.Stderr,
// whose locks keep it out of the middle of another write of this process.)
// A marker ends a line, so that it is read at once: a line a goroutine is
// writing in pieces while an invocation begins or ends is split there.
func (c *capture) mark(kind string, id uint64) {
	marker := markerStart + kind + ":" + strconv.FormatUint(id, 10) + markerEnd + "\n"
	for _, stream := range c.streams {
		_, _ = stream.WriteString(marker)
	}
}

// began marks the start of an invocation in the streams.
func (c *capture) began(info *invocation.Info) {
	c.invocations.Lock()
	c.invocations.next++
	id := c.invocations.next
	c.invocations.byID[id] = info
	c.invocations.ids[info] = id
	c.invocations.pending[id] = len(c.streams)
	c.invocations.Unlock()
	c.mark("begin", id)
}

// ended marks the end of an invocation in the streams.
func (c *capture) ended(info *invocation.Info) {
	c.invocations.Lock()
	id, ok := c.invocations.ids[info]
	delete(c.invocations.ids, info)
	c.invocations.Unlock()
	if ok {
		c.mark("end", id)
	}
}

// only is the invocation a stream's line belongs to: the one in flight
// when it was written, if there was exactly one.
func (inv *invocations) only(state streamState) *invocation.Info {
	if len(state) != 1 {
		return nil
	}
	inv.Lock()
	defer inv.Unlock()
	for id := range state {
		return inv.byID[id]
	}
	return nil
}

// ended forgets an invocation once every stream has read its end.
func (inv *invocations) ended(id uint64) {
	inv.Lock()
	defer inv.Unlock()
	if inv.pending[id]--; inv.pending[id] <= 0 {
		delete(inv.pending, id)
		delete(inv.byID, id)
	}
}
