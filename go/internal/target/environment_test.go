package target

import "testing"

func TestFromEnvironment(t *testing.T) {
	tests := []struct {
		name         string
		vars         map[string]string
		want, wantIn string
	}{
		{"none", nil, "", ""},
		{"the platform's", map[string]string{"FUNCTION_TARGET": "FromPlatform"}, "FromPlatform", "FUNCTION_TARGET"},
		{"functions-framework's --target, through the loader, wins", map[string]string{"FUNCTION_TARGET": "FromPlatform", "GO_HANDOFF_TARGET": "FromHost"}, "FromHost", "GO_HANDOFF_TARGET"},
		{"an empty variable counts as unset", map[string]string{"GO_HANDOFF_TARGET": "", "FUNCTION_TARGET": "FromPlatform"}, "FromPlatform", "FUNCTION_TARGET"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, from := FromEnvironment(func(name string) string { return tt.vars[name] })
			if got != tt.want || from != tt.wantIn {
				t.Errorf("got %q from %q, want %q from %q", got, from, tt.want, tt.wantIn)
			}
		})
	}
}
