package target

import (
	"errors"
	"strings"
	"testing"
)

func TestChoose(t *testing.T) {
	several := []string{"HelloPubSub", "HelloHTTP", "HelloGCS"}
	tests := []struct {
		name     string
		names    []string
		target   string
		fallback string
		want     string
		wantNote string // a part of the note, "" for none
		wantErr  string // a part of the error, "" for none
	}{
		{"the target names a function", several, "HelloHTTP", "", "HelloHTTP", "", ""},
		{"no target: Handle", []string{"Other", "Handle"}, "", "", "Handle", "", ""},
		{"no target: the only function", []string{"HelloGet"}, "", "", "HelloGet", "", ""},
		{"no target: the build's default", several, "", "HelloGCS", "HelloGCS", "", ""},
		{"the target wins over the build's default", several, "HelloPubSub", "HelloGCS", "HelloPubSub", "", ""},
		{"the target wins over Handle", []string{"Handle", "Other"}, "Other", "", "Other", "", ""},
		{"one function answers to any target", []string{"Handle"}, "function", "", "Handle", `the target "function" names no function; serving Handle`, ""},
		{"an unknown target among several", several, "HelloWorld", "", "", "", `the target "HelloWorld" names no function of this package; its functions are: HelloGCS, HelloHTTP, HelloPubSub; name one of them as the target`},
		{"targets are case-sensitive, as Go names are", several, "hellohttp", "", "", "", `the target "hellohttp" names no function`},
		{"no target among several, no Handle", several, "", "", "", "", "no target was given, and the package has no func Handle and several functions: HelloGCS, HelloHTTP, HelloPubSub"},
		{"no functions at all", nil, "X", "", "", "", "the package offers no function to serve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Choose(tt.names, tt.target, tt.fallback)
			if tt.wantErr != "" {
				var targetErr *Error
				if !errors.As(err, &targetErr) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %+v, %v; want an error saying %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
			if got.Name != tt.want {
				t.Errorf("got %q, want %q", got.Name, tt.want)
			}
			if (tt.wantNote == "") != (got.Note == "") || !strings.Contains(got.Note, tt.wantNote) {
				t.Errorf("note %q, want %q", got.Note, tt.wantNote)
			}
		})
	}
}
