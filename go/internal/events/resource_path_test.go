package events

import "testing"

func TestSplitResourceName(t *testing.T) {
	head := []string{"projects", "_", "buckets", "*"}
	tests := []struct {
		name, first, rest string
		ok                bool
	}{
		{"projects/_/buckets/b/objects/dir/f.txt", "projects/_/buckets/b", "objects/dir/f.txt", true},
		{"projects/_/buckets/b/objects/", "", "", false},
		{"projects/_/buckets/b", "", "", false},
		{"projects/_/buckets//objects/o", "", "", false},
		{"projects/x/buckets/b/objects/o", "", "", false},
		{"projects/_/buckets/b/things/o", "", "", false},
	}
	for _, tt := range tests {
		first, rest, ok := splitResourceName(tt.name, "objects", head...)
		if first != tt.first || rest != tt.rest || ok != tt.ok {
			t.Errorf("%s: got %q %q %v, want %q %q %v", tt.name, first, rest, ok, tt.first, tt.rest, tt.ok)
		}
	}
}

func TestResourcePathHelpers(t *testing.T) {
	for in, want := range map[string]string{"objects/a#123": "objects/a", "objects/a#12x": "objects/a#12x", "objects/a#": "objects/a#", "objects/a": "objects/a"} {
		if got := withoutGeneration(in); got != want {
			t.Errorf("withoutGeneration(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"projects/_/locations/europe-west1/instances/i/refs/a": "projects/_/instances/i/refs/a",
		"projects/_/instances/i/refs/locations/x":              "projects/_/instances/i/refs",
		"locations/x/instances/i":                              "locations/x/instances/i",
	} {
		if got := withoutLocation(in); got != want {
			t.Errorf("withoutLocation(%q) = %q, want %q", in, got, want)
		}
	}
	if service, name, ok := sourceParts("//pubsub.googleapis.com/projects/p/topics/t"); !ok || service != "pubsub.googleapis.com" || name != "projects/p/topics/t" {
		t.Errorf("got %q %q %v", service, name, ok)
	}
	for _, bad := range []string{"pubsub", "//pubsub.googleapis.com", "//pubsub.googleapis.com/", "///x"} {
		if _, _, ok := sourceParts(bad); ok {
			t.Errorf("sourceParts(%q) accepted it", bad)
		}
	}
}
