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

// objectWriter appends one JSON object: an entry's own fields, then its
// attributes. An attribute of the same name as one of the entry's fields
// replaces it (a function may set its own severity, say), so that every key
// appears once.
type objectWriter struct {
	b     []byte
	attrs []slog.Attr
	empty bool
}

// newObjectWriter starts an object in b for attrs, whose groups it merges.
func newObjectWriter(b []byte, attrs []slog.Attr) *objectWriter {
	return &objectWriter{b: append(b, '{'), attrs: mergeGroups(attrs), empty: true}
}

// field starts the entry's field key, unless an attribute takes its place.
func (w *objectWriter) field(key string) bool {
	for _, a := range w.attrs {
		if a.Key == key {
			return false
		}
	}
	w.key(key)
	return true
}

func (w *objectWriter) key(key string) {
	if !w.empty {
		w.b = append(w.b, ',')
	}
	w.empty = false
	w.b = appendJSONString(w.b, key)
	w.b = append(w.b, ':')
}

// string writes the entry's field key as a string.
func (w *objectWriter) string(key, value string) {
	if w.field(key) {
		w.b = appendJSONString(w.b, value)
	}
}

// time writes the entry's field key as t, in UTC, in layout.
func (w *objectWriter) time(key string, t time.Time, layout string) {
	if w.field(key) {
		w.b = append(w.b, '"')
		w.b = t.UTC().AppendFormat(w.b, layout)
		w.b = append(w.b, '"')
	}
}

// finish writes the attributes and closes the object.
func (w *objectWriter) finish() []byte {
	for _, a := range w.attrs {
		w.key(a.Key)
		w.b = appendJSONValue(w.b, a.Value)
	}
	return append(w.b, '}')
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
		return appendJSONFloat(b, f)
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

// appendJSONFloat appends a finite f as encoding/json writes a float64:
// the shortest form that reads back as f, with an exponent only for very
// small or large magnitudes.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// 1e-07 as 1e-7, as encoding/json does.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
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
