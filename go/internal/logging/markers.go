package logging

import (
	"bytes"
	"strconv"
)

// Markers, written into the captured streams, tell their readers what
// happened between the lines around them: an invocation began or ended (so
// that a line is attributed to the invocation in flight when it was written,
// not when it is read), or a flush was asked for. NUL bytes keep them apart
// from text. A marker reads "\x00go-handoff-<kind>:<id>\x00".
const (
	markerStart = "\x00go-handoff-"
	markerEnd   = "\x00"
)

// marker is one marker found in a line: line[start:end] is its text.
type marker struct {
	start, end int
	kind       string // "begin", "end" or "flush"
	id         uint64
}

// markerKinds are the kinds a reader acts on.
var markerKinds = []string{"begin", "end", "flush"}

// findMarker returns the first well-formed marker in line. Parsed by hand
// rather than with a regular expression: regexp would add about 100 KB to
// every function's binary for this one pattern.
func findMarker(line []byte) (marker, bool) {
	for offset := 0; ; {
		at := bytes.Index(line[offset:], []byte(markerStart))
		if at < 0 {
			return marker{}, false
		}
		start := offset + at
		if m, ok := parseMarker(line, start); ok {
			return m, true
		}
		offset = start + 1
	}
}

// parseMarker reads the marker that line holds at start, if it is whole.
func parseMarker(line []byte, start int) (marker, bool) {
	rest := line[start+len(markerStart):]
	for _, kind := range markerKinds {
		if !bytes.HasPrefix(rest, []byte(kind+":")) {
			continue
		}
		digits := rest[len(kind)+1:]
		n := 0
		for n < len(digits) && digits[n] >= '0' && digits[n] <= '9' {
			n++
		}
		if n == 0 || n == len(digits) || digits[n] != markerEnd[0] {
			return marker{}, false
		}
		id, err := strconv.ParseUint(string(digits[:n]), 10, 64)
		if err != nil {
			return marker{}, false
		}
		end := start + len(markerStart) + len(kind) + 1 + n + len(markerEnd)
		return marker{start: start, end: end, kind: kind, id: id}, true
	}
	return marker{}, false
}
