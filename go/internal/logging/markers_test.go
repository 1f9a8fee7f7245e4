package logging

import (
	"math/rand"
	"regexp"
	"testing"
)

func TestFindMarker(t *testing.T) {
	cases := []struct {
		line  string
		found bool
		want  marker
	}{
		{"plain text", false, marker{}},
		{"a\x00go-handoff-begin:7\x00b", true, marker{start: 1, end: 21, kind: "begin", id: 7}},
		{"\x00go-handoff-end:42\x00", true, marker{start: 0, end: 19, kind: "end", id: 42}},
		{"\x00go-handoff-flush:0\x00", true, marker{start: 0, end: 20, kind: "flush", id: 0}},
		{"\x00go-handoff-begin:\x00", false, marker{}},                     // no id
		{"\x00go-handoff-begin:12", false, marker{}},                       // not terminated
		{"\x00go-handoff-start:1\x00", false, marker{}},                    // unknown kind
		{"\x00go-handoff-begin:1x\x00", false, marker{}},                   // id not a number
		{"\x00go-handoff-begin:99999999999999999999\x00", false, marker{}}, // id overflows
		// A broken marker before a whole one: the whole one is found.
		{"\x00go-handoff-end:\x00go-handoff-end:3\x00", true, marker{start: 16, end: 34, kind: "end", id: 3}},
	}
	for _, c := range cases {
		got, found := findMarker([]byte(c.line))
		if found != c.found || got != c.want {
			t.Errorf("findMarker(%q) = %+v, %v; want %+v, %v", c.line, got, found, c.want, c.found)
		}
	}
}

// The hand-written parser finds exactly what the marker's regular expression
// would, on lines built from the pieces markers are made of.
func TestFindMarkerAgreesWithTheRegularExpression(t *testing.T) {
	pattern := regexp.MustCompile(`\x00go-handoff-(begin|end|flush):(\d{1,19})\x00`)
	pieces := []string{"\x00", "go-handoff-", "\x00go-handoff-", "begin", "end", "flush", ":", "1", "23", "x", " ", "\n"}
	random := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var line []byte
		for n := random.Intn(12); n >= 0; n-- {
			line = append(line, pieces[random.Intn(len(pieces))]...)
		}
		got, found := findMarker(line)
		at := pattern.FindSubmatchIndex(line)
		if found != (at != nil) || (found && (got.start != at[0] || got.end != at[1] || got.kind != string(line[at[2]:at[3]]))) {
			t.Fatalf("findMarker(%q) = %+v, %v; the pattern matches %v", line, got, found, at)
		}
	}
}
