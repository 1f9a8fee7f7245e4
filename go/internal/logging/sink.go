package logging

import (
	"bytes"
	"io"
	"sync"
)

// Sink writes entries to one output, a whole line per write, one writer at a
// time: lines never interleave, and a slow output makes writers wait. When
// the output is an *os.File (os.Stdout, os.Stderr), what fmt writes there
// from other goroutines cannot cut an entry either: the file takes one Write
// at a time, and finishes it, however slow the pipe behind it, before the
// next.
type Sink struct {
	mu      sync.Mutex
	out     io.Writer
	format  Format
	project string
	buf     bytes.Buffer
}

// NewSink writes entries to out in format.
func NewSink(out io.Writer, format Format, project string) *Sink {
	return &Sink{out: out, format: format, project: project}
}

// Write writes one entry.
func (s *Sink) Write(e Entry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Reset()
	s.format.encode(&s.buf, e, s.project)
	// An output that fails (closed) has nowhere to report to.
	_, _ = s.out.Write(s.buf.Bytes())
}
