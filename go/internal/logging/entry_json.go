package logging

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"math"
	"strconv"
	"time"
	"unicode/utf8"
)

// Cloud Logging's special fields (https://cloud.google.com/logging/docs/structured-logging).
const (
	labelsField = "logging.googleapis.com/labels"
	traceField  = "logging.googleapis.com/trace"
)

// encodeJSON appends e as one Cloud Logging structured entry: severity,
// message, time, the execution id label and the trace, then the attributes,
// groups as nested objects. Appended by hand, in that order, rather than
// through a map and encoding/json: a fifth of the time, and a line a reader
// finds its way in.
func encodeJSON(buf *bytes.Buffer, e Entry, project string) {
	attrs := mergeGroups(e.Attrs)
	// An attribute of the same name as a field of the entry replaces it.
	fixed := func(key string) bool {
		for _, a := range attrs {
			if a.Key == key {
				return false
			}
		}
		return true
	}
	b := buf.AvailableBuffer()
	b = append(b, '{')
	first := true
	field := func(key string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, key)
		b = append(b, ':')
	}
	if fixed("severity") {
		field("severity")
		b = appendJSONString(b, string(e.Severity))
	}
	if fixed("message") {
		field("message")
		b = appendJSONString(b, trimNewline(e.Message))
	}
	if fixed("time") {
		field("time")
		b = append(b, '"')
		b = e.Time.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	if e.ExecutionID != "" && fixed(labelsField) {
		field(labelsField)
		b = append(b, `{"execution_id":`...)
		b = appendJSONString(b, e.ExecutionID)
		b = append(b, '}')
	}
	if e.Trace != "" && fixed(traceField) {
		field(traceField)
		b = appendJSONString(b, traceName(project, e.Trace))
	}
	for _, a := range attrs {
		field(a.Key)
		b = appendJSONValue(b, a.Value)
	}
	b = append(b, '}')
	buf.Write(b)
}

// mergeGroups returns attrs with the groups of one name made one: a group
// may come in parts (WithGroup, then With, then the record's own
// attributes), each attribute wrapped in its groups, and a JSON object holds
// a key once. Of two plain attributes of one name, the later wins, in the
// earlier's place. Attributes with an empty key are dropped, and the members
// of a group with an empty key are inlined, as slog's handlers do.
func mergeGroups(attrs []slog.Attr) []slog.Attr {
	if !needsMerging(attrs) {
		return attrs
	}
	var merged []slog.Attr
	for _, a := range attrs {
		a.Value = a.Value.Resolve()
		if a.Value.Kind() == slog.KindGroup && a.Key == "" {
			merged = mergeGroups(append(merged, a.Value.Group()...))
			continue
		}
		if a.Key == "" {
			continue
		}
		at := -1
		for i := range merged {
			if merged[i].Key == a.Key {
				at = i
				break
			}
		}
		switch {
		case at < 0:
			if a.Value.Kind() == slog.KindGroup {
				a.Value = slog.GroupValue(mergeGroups(a.Value.Group())...)
			}
			merged = append(merged, a)
		case a.Value.Kind() == slog.KindGroup && merged[at].Value.Kind() == slog.KindGroup:
			members := append(append([]slog.Attr(nil), merged[at].Value.Group()...), a.Value.Group()...)
			merged[at].Value = slog.GroupValue(mergeGroups(members)...)
		default:
			merged[at] = a
		}
	}
	return merged
}

// needsMerging tells whether mergeGroups would change attrs: most often it
// would not, and then it need not allocate.
func needsMerging(attrs []slog.Attr) bool {
	for i, a := range attrs {
		switch a.Value.Kind() {
		case slog.KindLogValuer:
			return true
		case slog.KindGroup:
			if needsMerging(a.Value.Group()) {
				return true
			}
		}
		if a.Key == "" {
			return true
		}
		for _, earlier := range attrs[:i] {
			if earlier.Key == a.Key {
				return true
			}
		}
	}
	return false
}

// appendJSONValue appends v, resolved, as JSON.
func appendJSONValue(b []byte, v slog.Value) []byte {
	v = v.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return appendJSONString(b, v.String())
	case slog.KindInt64:
		return strconv.AppendInt(b, v.Int64(), 10)
	case slog.KindUint64:
		return strconv.AppendUint(b, v.Uint64(), 10)
	case slog.KindFloat64:
		f := v.Float64()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			// JSON has no such numbers.
			return appendJSONString(b, strconv.FormatFloat(f, 'g', -1, 64))
		}
		return appendJSONMarshal(b, f)
	case slog.KindBool:
		return strconv.AppendBool(b, v.Bool())
	case slog.KindDuration:
		return appendJSONString(b, v.Duration().String())
	case slog.KindTime:
		b = append(b, '"')
		b = v.Time().AppendFormat(b, time.RFC3339Nano)
		return append(b, '"')
	case slog.KindGroup:
		b = append(b, '{')
		for i, member := range v.Group() {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, member.Key)
			b = append(b, ':')
			b = appendJSONValue(b, member.Value)
		}
		return append(b, '}')
	}
	switch x := v.Any().(type) {
	case nil:
		return append(b, "null"...)
	case error:
		if _, custom := x.(json.Marshaler); !custom {
			return appendJSONString(b, x.Error())
		}
	}
	return appendJSONMarshal(b, v.Any())
}

// appendJSONMarshal appends what encoding/json makes of v, HTML left as it
// is; a value it cannot encode becomes a string that says why.
func appendJSONMarshal(b []byte, v any) []byte {
	var out bytes.Buffer
	encoder := json.NewEncoder(&out)
	encoder.SetEscapeHTML(false)
	if err := encoder.Encode(v); err != nil {
		return appendJSONString(b, fmt.Sprintf("!ERROR: %v (%+v)", err, v))
	}
	return append(b, bytes.TrimSuffix(out.Bytes(), []byte("\n"))...)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// with HTML escaping off: invalid UTF-8 becomes U+FFFD, and U+2028 and
// U+2029 are escaped (JavaScript reads them as line ends).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
