package prepare

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeFiles makes a folder of Go files for one test.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFindEntry(t *testing.T) {
	tests := []struct {
		name         string
		source       string
		wantContract string
		wantMain     bool
	}{
		{"seed 000: package function", "package function\nimport \"net/http\"\nfunc Handle(w http.ResponseWriter, r *http.Request) {}\n", "http", false},
		{"seed 000 as its text says: package main", "package main\nimport \"net/http\"\nfunc Handle(w http.ResponseWriter, r *http.Request) {}\n", "http", false},
		{"an aliased import", "package function\nimport h \"net/http\"\nfunc Handle(w h.ResponseWriter, r *h.Request) {}\n", "http", false},
		{"seed 001: eawsy", "package main\nimport (\"encoding/json\"; \"github.com/eawsy/aws-lambda-go-core/service/lambda/runtime\")\nfunc Handle(evt json.RawMessage, ctx *runtime.Context) (interface{}, error) { return nil, nil }\n", "typed", false},
		{"aws-lambda-go style", "package function\nimport \"context\"\ntype In struct{}\nfunc Handle(ctx context.Context, in In) (string, error) { return \"\", nil }\n", "typed", false},
		{"bytes", "package function\nimport \"github.com/go-handoff/go-handoff/handoff\"\nfunc Handle(p []byte, c *handoff.Context) ([]byte, error) { return p, nil }\n", "bytes", false},
		{"event", "package function\nimport (\"context\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc Handle(ctx context.Context, e handoff.Event) error { return nil }\n", "event", false},
		{"a handler variable", "package function\nimport \"net/http\"\nvar Handle = http.NotFoundHandler()\n", "", false},
		{"main calling handoff.Start with a function", "package main\nimport (\"context\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc f(ctx context.Context) error { return nil }\nfunc main() { handoff.Start(f) }\n", "typed", true},
		{"main calling handoff.Start with a literal", "package main\nimport (\"net/http\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc main() { handoff.Start(func(w http.ResponseWriter, r *http.Request) {}) }\n", "http", true},
		{"main calling ignite.Start", "package main\nimport \"ignite\"\nfunc h(p []byte, c *ignite.Context) ([]byte, error) { return p, nil }\nfunc main() { ignite.Start(h) }\n", "bytes", true},
		{"main serving a mux", "package main\nimport (\"net/http\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc main() { handoff.Start(http.NewServeMux()) }\n", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"handler.go": tt.source})
			e, err := findEntry(dir, []string{"handler.go"}, DefaultTarget)
			if err != nil {
				t.Fatalf("findEntry: %v", err)
			}
			if string(e.contract) != tt.wantContract || e.hasMain != tt.wantMain {
				t.Errorf("got contract %q, main %v; want %q, %v", e.contract, e.hasMain, tt.wantContract, tt.wantMain)
			}
		})
	}
}

func TestFindEntryExplainsWhatIsWrong(t *testing.T) {
	tests := []struct {
		name, source, want string
	}{
		{"request by value", "package function\nimport \"net/http\"\n\nfunc Handle(w http.ResponseWriter, r http.Request) {}\n",
			"handler.go:4:1: func Handle(w http.ResponseWriter, r http.Request): it takes http.Request by value; a net/http handler takes *http.Request"},
		{"three arguments", "package function\nimport \"context\"\nfunc Handle(ctx context.Context, a, b string) error { return nil }\n",
			"handler.go:3:1: func Handle(ctx context.Context, a, b string) error: it takes 3 arguments; a function takes at most two"},
		{"second result not error", "package main\nfunc Handle(in string) (string, int) { return \"\", 0 }\n",
			"handler.go:2:1: func Handle(in string) (string, int): it returns (string, int); with two results, the second must be error"},
		{"context by value", "package main\nimport \"github.com/eawsy/aws-lambda-go-core/service/lambda/runtime\"\nfunc Handle(evt string, ctx runtime.Context) (interface{}, error) { return nil, nil }\n",
			"it takes runtime.Context by value; take a pointer, *runtime.Context"},
		{"event returning a value", "package function\nimport (\"context\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc Handle(ctx context.Context, e handoff.Event) (string, error) { return \"\", nil }\n",
			"an event function returns only error"},
		{"channel input", "package function\nfunc Handle(in chan int) error { return nil }\n",
			"its input type chan int cannot be decoded from JSON"},
		{"main's Start given a bad function", "package main\nimport (\"net/http\"; \"github.com/go-handoff/go-handoff/handoff\")\nfunc hello(r *http.Request, w http.ResponseWriter) {}\nfunc main() {\n\thandoff.Start(hello)\n}\n",
			"handler.go:5:2: handoff.Start(hello), with func hello(r *http.Request, w http.ResponseWriter): it takes (*http.Request, http.ResponseWriter); a net/http handler takes the http.ResponseWriter first"},
		{"nothing to serve", "package function\nfunc Helper() {}\nfunc Other(x int) {}\n",
			"package function (handler.go) has neither func main nor func Handle (its exported functions: Helper, Other; to serve one of them, name it as the target)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"handler.go": tt.source})
			_, err := findEntry(dir, []string{"handler.go"}, DefaultTarget)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

func TestOtherTarget(t *testing.T) {
	dir := writeFiles(t, map[string]string{"f.go": "package function\nimport \"context\"\nfunc Greet(ctx context.Context) (string, error) { return \"hi\", nil }\n"})
	e, err := findEntry(dir, []string{"f.go"}, "Greet")
	if err != nil || e.contract != "typed" || e.target != "Greet" {
		t.Errorf("got %+v, %v", e, err)
	}
}
