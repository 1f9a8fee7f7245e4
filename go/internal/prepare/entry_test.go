package prepare

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
		{"func Handle(ctx, T) error: typed JSON, as before entry points", "package function\nimport \"context\"\ntype In struct{}\nfunc Handle(ctx context.Context, in In) error { return nil }\n", "typed", false},
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
			e, err := findEntry(dir, []string{"handler.go"}, "")
			if err != nil {
				t.Fatalf("findEntry: %v", err)
			}
			if string(e.contract) != tt.wantContract || e.hasMain != tt.wantMain {
				t.Errorf("got contract %q, main %v; want %q, %v", e.contract, e.hasMain, tt.wantContract, tt.wantMain)
			}
			checkContractsListed(t, e)
		})
	}
}

// checkContractsListed fails when the build found a contract that
// FunctionContracts does not list: the TypeScript side's types are held to
// that list (internal/schema), and would not know it.
func checkContractsListed(t *testing.T, e entry) {
	t.Helper()
	listed := append(slices.Clone(FunctionContracts), "")
	if !slices.Contains(listed, e.contract) {
		t.Errorf("contract %q is not in FunctionContracts %v", e.contract, FunctionContracts)
	}
	for _, f := range e.functions {
		if !slices.Contains(listed, f.Contract) {
			t.Errorf("%s's contract %q is not in FunctionContracts %v", f.Name, f.Contract, FunctionContracts)
		}
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
			"package function (handler.go) has no func main, no func Handle and no other function to serve (its exported functions, Helper, Other, have no shape go-handoff serves: a net/http handler, or a function that takes a context.Context); write func Handle(w http.ResponseWriter, r *http.Request), a background function func Handle(ctx context.Context, e T) error, another shape go-handoff serves, or a main that calls handoff.Start; to serve a function of another name, give it with --target (make: TARGET=)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"handler.go": tt.source})
			_, err := findEntry(dir, []string{"handler.go"}, "")
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

// The shape of Google's first-generation sample functions/helloworld: a
// package of exported functions, no main, no registration.
const firstGeneration = `package helloworld

import (
	"context"
	"net/http"
)

type PubSubMessage struct {
	Data []byte ` + "`json:\"data\"`" + `
}

type GCSEvent struct{ Bucket, Name string }

func HelloGet(w http.ResponseWriter, r *http.Request) {}
func HelloHTTP(w http.ResponseWriter, r *http.Request) {}
func HelloPubSub(ctx context.Context, m PubSubMessage) error { return nil }
func HelloGCS(ctx context.Context, e GCSEvent) error { return nil }

// Helpers, not entry points: no context, no request.
func Greeting(name string) string { return "Hello, " + name }
func Validate(e GCSEvent) error { return nil }
func Map[T any](x T) T { return x }
func helloPrivate(w http.ResponseWriter, r *http.Request) {}
`

func TestFirstGenerationFunctions(t *testing.T) {
	want := []function{{"HelloGCS", Background}, {"HelloGet", "http"}, {"HelloHTTP", "http"}, {"HelloPubSub", Background}}
	tests := []struct {
		name        string
		extra       string // more source
		target      string
		want        []function
		wantChosen  string
		wantErrPart string
	}{
		{"every exported entry point, no default", "", "", want, "", ""},
		{"the build's target is the default", "", "HelloPubSub", want, "HelloPubSub", ""},
		{"a helper named as the target is offered too", "", "Validate", append([]function{{"Validate", "typed"}}, want...), "Validate", ""},
		{"Handle stays the default", "func Handle(w http.ResponseWriter, r *http.Request) {}\n", "", append([]function{{"Handle", "http"}}, want...), "Handle", ""},
		{"a target that names nothing fails the build with the run-time message", "", "HelloWorld", nil, "",
			`package helloworld (f.go): the target "HelloWorld" names no function of this package; its functions are: HelloGCS, HelloGet, HelloHTTP, HelloPubSub; name one of them as the target: functions-framework's --target`},
		{"a target of a shape go-handoff cannot serve", "func Broken(a, b string) error { return nil }\n", "Broken", nil, "", "f.go:24:1: func Broken(a, b string) error: it takes two inputs (string and string)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"f.go": firstGeneration + tt.extra})
			e, err := findEntry(dir, []string{"f.go"}, tt.target)
			if tt.wantErrPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErrPart) {
					t.Fatalf("got %v, want it to say %q", err, tt.wantErrPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sortFunctions(tt.want)
			if fmt.Sprint(e.functions) != fmt.Sprint(tt.want) || e.chosen != tt.wantChosen {
				t.Errorf("got %v, chosen %q; want %v, %q", e.functions, e.chosen, tt.want, tt.wantChosen)
			}
			checkContractsListed(t, e)
		})
	}
}

func sortFunctions(fs []function) {
	slices.SortFunc(fs, func(a, b function) int { return strings.Compare(a.Name, b.Name) })
}
