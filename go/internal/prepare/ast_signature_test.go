package prepare

import "testing"

func TestDefaultPackageName(t *testing.T) {
	for path, want := range map[string]string{
		"net/http":              "http",
		"github.com/x/y/v2":     "y",
		"gopkg.in/yaml.v3":      "yaml",
		"github.com/go-chi/chi": "chi",
		"github.com/a/go-thing": "go_thing",
		"ignite":                "ignite",
		SDKModule + "/handoff":  "handoff",
	} {
		if got := defaultPackageName(path); got != want {
			t.Errorf("defaultPackageName(%q) = %q, want %q", path, got, want)
		}
	}
}
