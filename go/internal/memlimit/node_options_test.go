package memlimit

import (
	"reflect"
	"testing"
)

func TestMaxOldSpaceSize(t *testing.T) {
	tests := []struct {
		options string
		value   string
		found   bool
	}{
		{"--max-old-space-size=192", "192", true},
		// Cloud Functions' buildpack prepends it to what the user set.
		{"--max-old-space-size=192 --require ./index.js", "192", true},
		{"--require=./index.js --max_old_space_size=448", "448", true},
		{"--max_old-space_size=512", "512", true},
		{"--max-old-space-size 1984", "1984", true},
		// The last one wins, as in V8.
		{"--max-old-space-size=192 --max-old-space-size=960", "960", true},
		{`--title="my --max-old-space-size=1 app" --max-old-space-size=192`, "192", true},
		{"--max-semi-space-size=64 --enable-source-maps", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		value, found := maxOldSpaceSize(tt.options)
		if value != tt.value || found != tt.found {
			t.Errorf("maxOldSpaceSize(%q) = %q, %v; want %q, %v", tt.options, value, found, tt.value, tt.found)
		}
	}
}

func TestSplitNodeOptions(t *testing.T) {
	got := splitNodeOptions(`  --a=1   --b "two words" --c="x\"y" `)
	want := []string{"--a=1", "--b", "two words", `--c=x"y`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
