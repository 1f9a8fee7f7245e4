package logging

import (
	"bytes"
	"encoding/json"
	"io"
	"sync"
)

// Sink writes entries to one output, a whole line per write, one writer at a
// time: lines never interleave, and a slow output makes writers wait.
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

// Format is the sink's format.
func (s *Sink) Format() Format { return s.format }

// WriteFields writes a JSON object a program logged on its own, adding what
// the entry knows that the object does not say: severity, time, labels.
func (s *Sink) WriteFields(fields map[string]any, e Entry) {
	if _, ok := fields["severity"]; !ok {
		fields["severity"] = e.Severity
	}
	if _, ok := fields[labelsField]; !ok && e.ExecutionID != "" {
		fields[labelsField] = map[string]string{"execution_id": e.ExecutionID}
	}
	if _, ok := fields[traceField]; !ok && e.Trace != "" {
		fields[traceField] = traceName(s.project, e.Trace)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Reset()
	if err := json.NewEncoder(&s.buf).Encode(fields); err != nil {
		return
	}
	_, _ = s.out.Write(s.buf.Bytes())
}
