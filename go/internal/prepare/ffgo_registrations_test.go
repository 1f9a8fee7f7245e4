package prepare

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/internal/contract"
)

const ffgoImports = "import (\n\t\"context\"\n\t\"net/http\"\n\n\t\"github.com/GoogleCloudPlatform/functions-framework-go/functions\"\n\t\"github.com/GoogleCloudPlatform/functions-framework-go/funcframework\"\n\t\"github.com/cloudevents/sdk-go/v2/event\"\n)\n\nvar _, _, _ = context.Background, http.NotFound, funcframework.Start\nvar _ event.Event\n\n"

func TestFFGoRegistrations(t *testing.T) {
	tests := []struct {
		name    string
		source  string
		want    string // the registrations found, name:kind
		wantErr string
	}{
		{"the three declarative kinds", `
const greetingName = "Greeting"
type In struct{ Name string }
func init() {
	functions.HTTP("HelloHTTP", hello)
	functions.CloudEvent("HelloEvent", func(ctx context.Context, e event.Event) error { return nil })
	functions.Typed(greetingName, greet)
}
func hello(w http.ResponseWriter, r *http.Request) {}
func greet(in In) (string, error) { return in.Name, nil }
`, "HelloHTTP:http HelloEvent:cloudevent Greeting:typed", ""},
		{"funcframework's by path", `
func main() {
	funcframework.RegisterHTTPFunctionContext(context.Background(), "/", hello)
	funcframework.RegisterEventFunctionContext(context.Background(), "/e", func(ctx context.Context, data map[string]any) error { return nil })
}
func hello(w http.ResponseWriter, r *http.Request) {}
`, ":http :event", ""},
		{"a typed function with a context", `
type In struct{}
func init() { functions.Typed("Greeting", greet) }
func greet(ctx context.Context, in In) (string, error) { return "", nil }
`, "", `f.go:16:43: functions.Typed("Greeting", ...), with func greet(ctx context.Context, in In) (string, error): functions-framework-go's typed functions take one argument (the request's JSON body, decoded; no context.Context) and return at most two values, the last an error; this one takes 2 arguments`},
		{"a typed function whose last result is no error", `
type In struct{}
func init() { functions.Typed("Greeting", func(in *In) *In { return in }) }
`, "", `f.go:16:43: functions.Typed("Greeting", ...), with func(in *In) *In {...}: functions-framework-go's typed functions take one argument (the request's JSON body, decoded; no context.Context) and return at most two values, the last an error; this one's last result is *In`},
		{"typed functions returning an error type of their own, or of another package", `
type In struct{}
type myError struct{}
func (*myError) Error() string { return "" }
func init() {
	functions.Typed("Mine", func(in In) (In, *myError) { return in, nil })
	functions.Typed("Theirs", func(in In) *http.ProtocolError { return nil })
}
`, "Mine:typed Theirs:typed", ""},
		{"an event function of any and an error type", `
type myError struct{}
func (myError) Error() string { return "" }
func init() { funcframework.RegisterEventFunctionContext(context.Background(), "/", func(ctx any, data []byte) myError { return myError{} }) }
`, ":event", ""},
		{"a typed function whose last result is a type of its own", `
type Out struct{}
func init() { functions.Typed("Greeting", func(in string) (Out, Out) { return Out{}, Out{} }) }
`, "", "this one's last result is Out"},
		{"a typed function of a channel", `
func init() { functions.Typed("Greeting", func(in chan int) error { return nil }) }
`, "", "its argument, chan int, cannot be decoded from JSON"},
		{"an event function without a context", `
func init() { funcframework.RegisterEventFunctionContext(context.Background(), "/", handle) }
func handle(data []byte) error { return nil }
`, "", `f.go:15:85: funcframework.RegisterEventFunctionContext, with func handle(data []byte) error: functions-framework-go's event functions are func(ctx context.Context, data T) error, with T the type the event's data decodes into as JSON; this one takes 1 argument`},
		{"the same name twice", `
func init() {
	functions.HTTP("Hello", hello)
	functions.HTTP("Hello", hello)
}
func hello(w http.ResponseWriter, r *http.Request) {}
`, "", `f.go:17:2: functions.HTTP("Hello", ...): the name "Hello" is already registered at f.go:16:2; functions-framework-go refuses a second function of the same name (function name already registered)`},
		{"no name", `
func init() { functions.HTTP("", hello) }
func hello(w http.ResponseWriter, r *http.Request) {}
`, "", `f.go:15:15: functions.HTTP("", ...): a function registered with functions-framework-go needs a name`},
		{"a name known only at run time, a function in a variable", `
var name = "Hello"
var greet any = func(in string) error { return nil }
func init() { functions.Typed(name, greet) }
`, ":typed", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"f.go": "package function\n\n" + ffgoImports + strings.TrimPrefix(tt.source, "\n")})
			p, err := parsePackage(dir, []string{"f.go"})
			if err != nil {
				t.Fatal(err)
			}
			found, err := p.ffgoRegistrations()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range found {
				got = append(got, r.Name+":"+r.Kind)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("got %q, want %q", strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestFindEntryServesRegistrations(t *testing.T) {
	dir := writeFiles(t, map[string]string{"f.go": "package function\n\n" + ffgoImports +
		"func init() { functions.HTTP(\"HelloHTTP\", hello) }\nfunc hello(w http.ResponseWriter, r *http.Request) {}\n" +
		"func HelloStorage(ctx context.Context, e event.Event) error { return nil }\n"})
	e, err := findEntry(dir, []string{"f.go"}, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []function{{Name: "HelloHTTP", Contract: "http"}, {Name: "HelloStorage", Contract: CloudEvent}}
	if len(e.functions) != 2 || e.functions[0] != want[0] || e.functions[1] != want[1] || !e.registered["HelloHTTP"] {
		t.Errorf("got %+v", e)
	}
	checkContractsListed(t, e)
	work := t.TempDir()
	pkg, err := writeMain(work, e, "example.com/hello")
	if err != nil {
		t.Fatal(err)
	}
	main := readFile(t, work+"/"+pkg+"/main.go")
	for _, line := range []string{`function "example.com/hello"`, `ffgofunctions "github.com/GoogleCloudPlatform/functions-framework-go/functions"`,
		`ffgofunctions.CloudEvent("HelloStorage", function.HelloStorage)`, `.Serve()`} {
		if !strings.Contains(main, line) {
			t.Errorf("the generated main has no %s:\n%s", line, main)
		}
	}
	if strings.Contains(main, "HelloHTTP") {
		t.Errorf("the generated main registers HelloHTTP, which registers itself:\n%s", main)
	}
}

func TestGeneratedMainImportsARegisteringPackageForItsInit(t *testing.T) {
	dir := writeFiles(t, map[string]string{"f.go": "package function\n\n" + ffgoImports +
		"func init() { functions.HTTP(\"HelloHTTP\", hello) }\nfunc hello(w http.ResponseWriter, r *http.Request) {}\n"})
	e, err := findEntry(dir, []string{"f.go"}, "HelloHTTP")
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	pkg, err := writeMain(work, e, "example.com/hello")
	if err != nil {
		t.Fatal(err)
	}
	if main := readFile(t, work+"/"+pkg+"/main.go"); !strings.Contains(main, `_ "example.com/hello"`) {
		t.Errorf("the generated main:\n%s", main)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Each registering call gives its function a contract that FunctionContracts
// lists, which the TypeScript side's types are held to (internal/schema).
func TestRegistrationKindsAreListedContracts(t *testing.T) {
	for pkg, calls := range ffgoCalls {
		for call, kind := range calls {
			if !slices.Contains(FunctionContracts, contract.Contract(kind)) {
				t.Errorf("%s.%s registers a %q function, which FunctionContracts %v does not list", pkg, call, kind, FunctionContracts)
			}
		}
	}
}
