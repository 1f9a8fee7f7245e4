package logging

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"time"
)

// Severity is Cloud Logging's LogSeverity.
type Severity string

const (
	Debug    Severity = "DEBUG"
	Info     Severity = "INFO"
	Warning  Severity = "WARNING"
	Error    Severity = "ERROR"
	Critical Severity = "CRITICAL"
)

// SeverityOf maps a slog level to a severity.
func SeverityOf(level slog.Level) Severity {
	switch {
	case level >= slog.LevelError+4:
		return Critical
	case level >= slog.LevelError:
		return Error
	case level >= slog.LevelWarn:
		return Warning
	case level >= slog.LevelInfo:
		return Info
	}
	return Debug
}

// Entry is one log line.
type Entry struct {
	Time        time.Time
	Severity    Severity
	Message     string
	ExecutionID string
	Trace       string
	// Attrs are slog attributes, already prefixed with their groups.
	Attrs []slog.Attr
}

// Format is how entries are written.
type Format int

const (
	// Text: "<time> <execution id> <message>", the eawsy shim's style.
	Text Format = iota
	// JSON: one Cloud Logging structured entry per line.
	JSON
)

// Cloud Logging's special fields (https://cloud.google.com/logging/docs/structured-logging).
const (
	labelsField = "logging.googleapis.com/labels"
	traceField  = "logging.googleapis.com/trace"
)

// textTime is the shim's timestamp: UTC, milliseconds.
const textTime = "2006-01-02T15:04:05.000Z"

// encode appends e, and a newline, to buf. project names the Google Cloud
// project, which Cloud Logging wants in trace names.
func (f Format) encode(buf *bytes.Buffer, e Entry, project string) {
	if f == JSON {
		encodeJSON(buf, e, project)
	} else {
		encodeText(buf, e)
	}
	buf.WriteByte('\n')
}

func encodeText(buf *bytes.Buffer, e Entry) {
	buf.WriteString(e.Time.UTC().Format(textTime))
	if e.ExecutionID != "" {
		buf.WriteByte(' ')
		buf.WriteString(e.ExecutionID)
	}
	if e.Severity != Info && e.Severity != "" {
		buf.WriteByte(' ')
		buf.WriteString(string(e.Severity))
	}
	buf.WriteByte(' ')
	buf.WriteString(strings.TrimSuffix(e.Message, "\n"))
	for _, a := range e.Attrs {
		buf.WriteByte(' ')
		buf.WriteString(a.Key)
		buf.WriteByte('=')
		value := a.Value.Resolve().String()
		if strings.ContainsAny(value, " \"=\n") || value == "" {
			value = quote(value)
		}
		buf.WriteString(value)
	}
}

func encodeJSON(buf *bytes.Buffer, e Entry, project string) {
	fields := map[string]any{
		"severity": e.Severity,
		"message":  strings.TrimSuffix(e.Message, "\n"),
		"time":     e.Time.UTC().Format(time.RFC3339Nano),
	}
	if e.ExecutionID != "" {
		fields[labelsField] = map[string]string{"execution_id": e.ExecutionID}
	}
	if e.Trace != "" {
		fields[traceField] = traceName(project, e.Trace)
	}
	for _, a := range e.Attrs {
		addAttr(fields, a)
	}
	encoder := json.NewEncoder(buf)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(fields); err != nil {
		buf.WriteString(`{"severity":"ERROR","message":` + quote("go-handoff: a log entry could not be encoded: "+err.Error()) + `}`)
		return
	}
	buf.Truncate(buf.Len() - 1) // Encode's own newline
}

// addAttr adds a slog attribute to a JSON object, groups as nested objects.
func addAttr(fields map[string]any, a slog.Attr) {
	value := a.Value.Resolve()
	if value.Kind() == slog.KindGroup {
		target := fields
		if a.Key != "" {
			// A group may come in parts (WithGroup, then With and the record's
			// own attributes): they share one object.
			group, ok := fields[a.Key].(map[string]any)
			if !ok {
				group = map[string]any{}
				fields[a.Key] = group
			}
			target = group
		}
		for _, member := range value.Group() {
			addAttr(target, member)
		}
		return
	}
	switch v := value.Any().(type) {
	case error:
		fields[a.Key] = v.Error()
	case time.Duration:
		fields[a.Key] = v.String()
	default:
		fields[a.Key] = v
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// traceName is the trace as Cloud Logging links it to Cloud Trace.
func traceName(project, trace string) string {
	if project == "" {
		return trace
	}
	return "projects/" + project + "/traces/" + trace
}
