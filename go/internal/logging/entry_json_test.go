package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"
)

func encodedJSON(e Entry) string {
	var buf bytes.Buffer
	JSON.encode(&buf, e, "p")
	return buf.String()
}

// The entry's own fields come first, in a fixed order, then the attributes
// in the order they were logged.
func TestJSONOrder(t *testing.T) {
	got := encodedJSON(Entry{Time: at, Severity: Warning, Message: "m", ExecutionID: "e", Trace: "t", Attrs: []slog.Attr{slog.Int("z", 1), slog.Int("a", 2)}})
	want := `{"severity":"WARNING","message":"m","time":"2017-01-01T00:00:00Z","logging.googleapis.com/labels":{"execution_id":"e"},"logging.googleapis.com/trace":"projects/p/traces/t","z":1,"a":2}` + "\n"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

type secret string

func (secret) LogValue() slog.Value { return slog.StringValue("***") }

type point struct {
	X, Y int
}

func TestJSONAttributes(t *testing.T) {
	at := time.Date(2020, 2, 3, 4, 5, 6, 7, time.UTC)
	attrs := []slog.Attr{
		slog.String("s", "a \"b\" <c>"), slog.Int64("i", -3), slog.Uint64("u", 3), slog.Float64("f", 1.5),
		slog.Float64("tiny", 1e-7), slog.Float64("nan", math.NaN()), slog.Bool("b", true),
		slog.Duration("d", 1500*time.Millisecond), slog.Time("t", at), slog.Any("err", errors.New("boom")),
		slog.Any("nil", nil), slog.Any("point", point{1, 2}), slog.Any("secret", secret("x")),
		slog.Any("bad", func() {}),
		slog.Group("g", slog.Int("a", 1)), slog.Group("g", slog.Group("h", slog.Int("b", 2))), slog.Group("g", slog.Group("h", slog.Int("c", 3))),
		slog.Group("", slog.Int("inlined", 4)), slog.Int("", 5),
		slog.Int("dup", 1), slog.Int("dup", 2),
		slog.String("severity", "NOTICE"),
	}
	line := encodedJSON(Entry{Time: at, Severity: Info, Message: "m", Attrs: attrs})
	var got map[string]any
	if err := json.Unmarshal([]byte(line), &got); err != nil {
		t.Fatalf("%v: %s", err, line)
	}
	want := map[string]any{
		"severity": "NOTICE", "message": "m", "time": "2020-02-03T04:05:06.000000007Z",
		"s": `a "b" <c>`, "i": -3.0, "u": 3.0, "f": 1.5, "tiny": 1e-7, "nan": "NaN", "b": true,
		"d": "1.5s", "t": "2020-02-03T04:05:06.000000007Z", "err": "boom", "nil": nil,
		"point": map[string]any{"X": 1.0, "Y": 2.0}, "secret": "***",
		"g":       map[string]any{"a": 1.0, "h": map[string]any{"b": 2.0, "c": 3.0}},
		"inlined": 4.0, "dup": 2.0,
	}
	bad, _ := got["bad"].(string)
	delete(got, "bad")
	if !strings.HasPrefix(bad, "!ERROR: json: unsupported type: func()") {
		t.Errorf("a value encoding/json cannot encode: %q", bad)
	}
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(want)
	if string(gotJSON) != string(wantJSON) {
		t.Errorf("got  %s\nwant %s", gotJSON, wantJSON)
	}
	if strings.Count(line, `"severity"`) != 1 || strings.Count(line, `"dup"`) != 1 || strings.Count(line, `"g"`) != 1 {
		t.Errorf("a key twice: %s", line)
	}
	if !strings.Contains(line, `"s":"a \"b\" <c>"`) {
		t.Errorf("HTML escaped, or not quoted as encoding/json does: %s", line)
	}
}

func TestAppendJSONFloatAgreesWithEncodingJSON(t *testing.T) {
	random := rand.New(rand.NewSource(1))
	values := []float64{0, 1, -1, 1.5, 1e-6, 1e-7, 9.99e-7, 1e20, 1e21, 1.23e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, 123456789.125}
	for i := 0; i < 20000; i++ {
		values = append(values, math.Float64frombits(random.Uint64()), random.NormFloat64()*math.Pow(10, float64(random.Intn(60)-30)))
	}
	for _, f := range values {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		want, _ := json.Marshal(f)
		if got := appendJSONFloat(nil, f); string(got) != string(want) {
			t.Fatalf("appendJSONFloat(%v) = %s, encoding/json: %s", f, got, want)
		}
	}
}

// appendJSONString writes what encoding/json writes (HTML escaping off),
// on strings made of the pieces that need care.
func TestAppendJSONStringAgreesWithEncodingJSON(t *testing.T) {
	pieces := []string{"a", "é", "日本", "\"", "\\", "\n", "\r", "\t", "\x00", "\x1f", "\x7f", "<", "&", "\u2028", "\u2029", "\xff", "\xe2\x82", "🙂", " "}
	random := rand.New(rand.NewSource(1))
	for i := 0; i < 20000; i++ {
		var s strings.Builder
		for n := random.Intn(8); n >= 0; n-- {
			s.WriteString(pieces[random.Intn(len(pieces))])
		}
		var want bytes.Buffer
		encoder := json.NewEncoder(&want)
		encoder.SetEscapeHTML(false)
		_ = encoder.Encode(s.String())
		if got := string(appendJSONString(nil, s.String())); got+"\n" != want.String() {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json: %s", s.String(), got, want.String())
		}
	}
}
