package events

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// A mapping case (testdata/mapping/*.json, in the shapes of
// functions-framework-conformance's event fixtures): a legacy event and the
// CloudEvent Cloud Functions makes of it, a CloudEvent and the legacy event
// a background function gets for it. The e2e tests send the same cases
// through the real host.
type mappingCase struct {
	Note string
	// Legacy is a legacy event as sent; CloudEvent what it converts to;
	// LegacyAsItCame the background view of it (context and data).
	Legacy         json.RawMessage
	CloudEvent     json.RawMessage
	LegacyAsItCame legacyOutput
	// CloudEventInput is a CloudEvent as sent; LegacyFromCloudEvent the
	// background view of it.
	CloudEventInput      json.RawMessage
	LegacyFromCloudEvent legacyOutput
}

type legacyOutput struct {
	Context struct {
		EventID   string          `json:"eventId"`
		Timestamp string          `json:"timestamp"`
		EventType string          `json:"eventType"`
		Resource  json.RawMessage `json:"resource"`
	} `json:"context"`
	Data json.RawMessage `json:"data"`
}

type cloudEventJSON struct {
	ID              string          `json:"id"`
	Source          string          `json:"source"`
	Type            string          `json:"type"`
	Subject         string          `json:"subject"`
	Time            string          `json:"time"`
	DataContentType string          `json:"datacontenttype"`
	Data            json.RawMessage `json:"data"`
}

func loadMappingCases(t *testing.T) map[string]mappingCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "mapping", "*.json"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no mapping cases in testdata/mapping: %v", err)
	}
	cases := map[string]mappingCase{}
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var c mappingCase
		if err := json.Unmarshal(text, &c); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		cases[strings.TrimSuffix(filepath.Base(path), ".json")] = c
	}
	return cases
}

func legacyTypeOf(t *testing.T, raw json.RawMessage) string {
	var l struct {
		EventType string `json:"eventType"`
		Context   struct {
			EventType string `json:"eventType"`
		} `json:"context"`
	}
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	if l.Context.EventType != "" {
		return l.Context.EventType
	}
	return l.EventType
}

// TestEveryMappingRow: each row of the mapping table, in both directions,
// from the cases that use it.
func TestEveryMappingRow(t *testing.T) {
	cases := loadMappingCases(t)
	for _, row := range eventTypes {
		t.Run(row.legacy, func(t *testing.T) {
			found := 0
			for name, c := range cases {
				if legacyTypeOf(t, c.Legacy) != row.legacy {
					continue
				}
				found++
				var want cloudEventJSON
				if err := json.Unmarshal(c.CloudEvent, &want); err != nil {
					t.Fatal(err)
				}
				if want.Type != row.cloudEvent {
					t.Errorf("%s: the case expects %s, the table says %s", name, want.Type, row.cloudEvent)
				}
				checkMappingCase(t, name, c)
			}
			if found == 0 {
				t.Fatalf("no case in testdata/mapping sends a legacy event of type %s", row.legacy)
			}
		})
	}
}

// TestMappingCases: every case, the variants of a row included.
func TestMappingCases(t *testing.T) {
	for name, c := range loadMappingCases(t) {
		t.Run(name, func(t *testing.T) { checkMappingCase(t, name, c) })
	}
}

func checkMappingCase(t *testing.T, name string, c mappingCase) {
	t.Helper()
	// Legacy → CloudEvent.
	ev, err := FromJSON(c.Legacy)
	if err != nil {
		t.Fatalf("%s: legacy → CloudEvent: %v", name, err)
	}
	var want cloudEventJSON
	if err := json.Unmarshal(c.CloudEvent, &want); err != nil {
		t.Fatal(err)
	}
	checkCloudEvent(t, name+": legacy → CloudEvent", ev, want)

	// Legacy as it came, to a background function.
	l, err := LegacyFromJSON(c.Legacy)
	if err != nil {
		t.Fatalf("%s: legacy → legacy: %v", name, err)
	}
	checkLegacy(t, name+": legacy → legacy", l, c.LegacyAsItCame)
	// The same view from the converted event.
	if l, err = ev.Legacy(); err != nil {
		t.Fatal(err)
	}
	checkLegacy(t, name+": legacy → (*Event).Legacy", l, c.LegacyAsItCame)

	// CloudEvent → legacy, structured and binary mode.
	structured := http.Header{"Content-Type": {"application/cloudevents+json"}}
	if l, err = LegacyFromHTTP(structured, c.CloudEventInput); err != nil {
		t.Fatalf("%s: structured CloudEvent → legacy: %v", name, err)
	}
	checkLegacy(t, name+": structured CloudEvent → legacy", l, c.LegacyFromCloudEvent)
	header, body := binaryMode(t, c.CloudEventInput)
	if l, err = LegacyFromHTTP(header, body); err != nil {
		t.Fatalf("%s: binary CloudEvent → legacy: %v", name, err)
	}
	checkLegacy(t, name+": binary CloudEvent → legacy", l, c.LegacyFromCloudEvent)

	// CloudEvent → CloudEvent: as it came.
	if ev, err = FromHTTP(header, body); err != nil {
		t.Fatal(err)
	}
	var input cloudEventJSON
	if err := json.Unmarshal(c.CloudEventInput, &input); err != nil {
		t.Fatal(err)
	}
	checkCloudEvent(t, name+": CloudEvent → CloudEvent", ev, input)
}

// binaryMode is a structured CloudEvent's attributes as ce-* headers, its
// data as the body.
func binaryMode(t *testing.T, structured json.RawMessage) (http.Header, []byte) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(structured, &fields); err != nil {
		t.Fatal(err)
	}
	h := http.Header{}
	for name, raw := range fields {
		var value string
		switch {
		case name == "data":
		case name == "datacontenttype":
			_ = json.Unmarshal(raw, &value)
			h.Set("Content-Type", value)
		default:
			_ = json.Unmarshal(raw, &value)
			h.Set("Ce-"+name, value)
		}
	}
	return h, fields["data"]
}

func checkCloudEvent(t *testing.T, what string, got *Event, want cloudEventJSON) {
	t.Helper()
	wantTime, err := time.Parse(time.RFC3339Nano, want.Time)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct{ field, got, want string }{
		{"id", got.ID, want.ID}, {"type", got.Type, want.Type}, {"source", got.Source, want.Source},
		{"subject", got.Subject, want.Subject}, {"datacontenttype", got.DataContentType, want.DataContentType},
		{"specversion", got.SpecVersion, "1.0"},
	} {
		if f.got != f.want {
			t.Errorf("%s: %s: got %q, want %q", what, f.field, f.got, f.want)
		}
	}
	if !got.Time.Equal(wantTime) {
		t.Errorf("%s: time: got %v, want %v", what, got.Time, wantTime)
	}
	checkSameJSON(t, what+": data", got.Data, want.Data)
}

func checkLegacy(t *testing.T, what string, got Legacy, want legacyOutput) {
	t.Helper()
	for _, f := range []struct{ field, got, want string }{
		{"eventId", got.EventID, want.Context.EventID}, {"eventType", got.EventType, want.Context.EventType},
	} {
		if f.got != f.want {
			t.Errorf("%s: %s: got %q, want %q", what, f.field, f.got, f.want)
		}
	}
	gotTime, err1 := time.Parse(time.RFC3339Nano, got.Timestamp)
	wantTime, err2 := time.Parse(time.RFC3339Nano, want.Context.Timestamp)
	if err1 != nil || err2 != nil || !gotTime.Equal(wantTime) {
		t.Errorf("%s: timestamp: got %q, want %q", what, got.Timestamp, want.Context.Timestamp)
	}
	checkSameJSON(t, what+": resource", got.Resource, want.Context.Resource)
	checkSameJSON(t, what+": data", got.Data, want.Data)
}

func checkSameJSON(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("%s: got %q, not JSON: %v", what, got, err)
		return
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: the expected %q is not JSON: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s:\n got %s\nwant %s", what, got, want)
	}
}
