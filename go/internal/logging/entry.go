package logging

import (
	"bytes"
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
	// Attrs are slog attributes, each inside the groups it was logged in.
	Attrs []slog.Attr
}

// Format is how entries are written.
type Format int

const (
	// Text: "<time> <execution id> <message>", the eawsy shim's style.
	Text Format = iota
	// JSON: one Cloud Logging structured entry per line.
	JSON
	// LambdaJSON: Lambda's JSON log format, one entry per line.
	LambdaJSON
)

// textTime is the shim's timestamp: UTC, milliseconds.
const textTime = "2006-01-02T15:04:05.000Z"

// encode appends e, and a newline, to buf. project names the Google Cloud
// project, which Cloud Logging wants in trace names.
func (f Format) encode(buf *bytes.Buffer, e Entry, project string) {
	switch f {
	case JSON:
		encodeCloudLogging(buf, e, project)
	case LambdaJSON:
		encodeLambdaJSON(buf, e)
	default:
		encodeText(buf, e)
	}
	buf.WriteByte('\n')
}

func encodeText(buf *bytes.Buffer, e Entry) {
	buf.Write(e.Time.UTC().AppendFormat(buf.AvailableBuffer(), textTime))
	if e.ExecutionID != "" {
		buf.WriteByte(' ')
		buf.WriteString(e.ExecutionID)
	}
	if e.Severity != Info && e.Severity != "" {
		buf.WriteByte(' ')
		buf.WriteString(string(e.Severity))
	}
	buf.WriteByte(' ')
	buf.WriteString(trimNewline(e.Message))
	writeTextAttrs(buf, "", e.Attrs)
}

// writeTextAttrs writes attributes as key=value, the members of a group as
// group.key=value, as slog's text handler does.
func writeTextAttrs(buf *bytes.Buffer, prefix string, attrs []slog.Attr) {
	for _, a := range attrs {
		value := a.Value.Resolve()
		if value.Kind() == slog.KindGroup {
			inner := prefix
			if a.Key != "" {
				inner = prefix + a.Key + "."
			}
			writeTextAttrs(buf, inner, value.Group())
			continue
		}
		if a.Key == "" {
			continue
		}
		buf.WriteByte(' ')
		buf.WriteString(prefix)
		buf.WriteString(a.Key)
		buf.WriteByte('=')
		text := value.String()
		if strings.ContainsAny(text, " \"=\n") || text == "" {
			text = quote(text)
		}
		buf.WriteString(text)
	}
}

// trimNewline drops the newline a message may end with (log.Println's):
// the entry ends the line.
func trimNewline(message string) string {
	return strings.TrimSuffix(message, "\n")
}

// quote is s as a JSON string, for text values that need quoting.
func quote(s string) string {
	return string(appendJSONString(nil, s))
}
