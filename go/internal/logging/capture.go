package logging

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"
)

// maxLine bounds one entry; a longer line continues in the next entry
// (Cloud Logging refuses entries over 256 KiB).
const maxLine = 200 << 10

// flushMarker, written to a captured stream, tells its reader that
// everything written before it has been read. It cannot occur in text.
var flushMarker = []byte("\x00go-handoff-flush\x00")

// capture stands pipes in for standard output and error (file descriptors
// 1 and 2, so that everything written to them, by fmt or by anything else,
// goes through) and turns their lines into entries.
type capture struct {
	sink    *Sink
	writers []int // the descriptors the pipes stand in for: 1 and 2
	flushed []chan struct{}
	mu      sync.Mutex // one flush at a time
}

// captureStdio redirects fds 1 and 2 into pipes read into sink, which must
// write to a copy of the original output (see originalStdout).
func captureStdio(sink *Sink) (*capture, error) {
	c := &capture{sink: sink}
	for _, stream := range []struct {
		fd       int
		severity Severity
	}{{1, Info}, {2, Error}} {
		r, w, err := os.Pipe()
		if err != nil {
			return nil, fmt.Errorf("capturing fd %d: %w", stream.fd, err)
		}
		// The pipe takes the descriptor's place; children inherit it too.
		if err := syscall.Dup3(int(w.Fd()), stream.fd, 0); err != nil {
			return nil, fmt.Errorf("capturing fd %d: %w", stream.fd, err)
		}
		w.Close()
		done := make(chan struct{}, 1)
		c.writers = append(c.writers, stream.fd)
		c.flushed = append(c.flushed, done)
		go c.read(r, stream.severity, done)
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

func (c *capture) read(r *os.File, severity Severity, flushed chan<- struct{}) {
	reader := bufio.NewReaderSize(r, maxLine)
	for {
		line, err := reader.ReadSlice('\n')
		if i := bytes.Index(line, flushMarker); i >= 0 {
			c.emit(line[:i], severity)
			c.emit(line[i+len(flushMarker):], severity)
			flushed <- struct{}{}
		} else if len(line) > 0 {
			c.emit(line, severity)
		}
		if err != nil && err != bufio.ErrBufferFull {
			return // the pipe closed: the process is ending
		}
	}
}

// emit writes one captured line. A line that is a JSON object already (a
// structured logger writing to stdout) keeps its fields, gaining the
// invocation's label and a severity if it has none.
func (c *capture) emit(line []byte, severity Severity) {
	line = bytes.TrimRight(line, "\r\n")
	if len(line) == 0 {
		return
	}
	e := Entry{Time: time.Now(), Severity: severity, Message: string(line)}
	attribute(&e, Current())
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
	for _, fd := range c.writers {
		_, _ = syscall.Write(fd, append(append([]byte{}, flushMarker...), '\n'))
	}
	deadline := time.After(limit)
	for _, done := range c.flushed {
		select {
		case <-done:
		case <-deadline:
			return
		}
	}
}
