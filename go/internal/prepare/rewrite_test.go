package prepare

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const eawsySeed = `package main

// /* Required, but no C code needed. */
import "C"

import (
	"encoding/json"

	"github.com/eawsy/aws-lambda-go-core/service/lambda/runtime"
)

func Handle(evt json.RawMessage, ctx *runtime.Context) (interface{}, error) {
	return "Hello, World!", nil
}
`

func TestRewriteKeepsLinesAndPointsImportsAtTheStandIns(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"handler.go": eawsySeed,
		"ignite.go":  "package main\n\nimport (\n\t\"encoding/json\"\n\t\"ignite\"\n)\n\nvar _ = json.Valid\nvar _ ignite.Handler\n",
	})
	notes, err := rewriteSources(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "handler.go"))
	if bytes.Count(got, []byte("\n")) != strings.Count(eawsySeed, "\n") {
		t.Errorf("the rewrite moved lines:\n%s", got)
	}
	if bytes.Contains(got, []byte(`import "C"`)) || !bytes.Contains(got, []byte(`"github.com/go-handoff/go-handoff/compat/eawsy/runtime"`)) {
		t.Errorf("handler.go after the rewrite:\n%s", got)
	}
	// The line of Handle is the same as in the user's file.
	if lineOf(string(got), "func Handle") != lineOf(eawsySeed, "func Handle") {
		t.Errorf("func Handle moved from line %d to %d", lineOf(eawsySeed, "func Handle"), lineOf(string(got), "func Handle"))
	}
	other, _ := os.ReadFile(filepath.Join(dir, "ignite.go"))
	if !bytes.Contains(other, []byte(`"github.com/go-handoff/go-handoff/compat/ignite"`)) {
		t.Errorf("ignite.go after the rewrite:\n%s", other)
	}
	want := []string{
		`handler.go:4: removed import "C" (go-handoff builds without cgo)`,
		`handler.go:9: import "github.com/eawsy/aws-lambda-go-core/service/lambda/runtime" is served by github.com/go-handoff/go-handoff/compat/eawsy/runtime`,
		`ignite.go:5: import "ignite" is served by github.com/go-handoff/go-handoff/compat/ignite`,
	}
	if strings.Join(notes, "\n") != strings.Join(want, "\n") {
		t.Errorf("notes:\n%s\nwant:\n%s", strings.Join(notes, "\n"), strings.Join(want, "\n"))
	}
}

func TestRewriteRefusesRealCgo(t *testing.T) {
	dir := writeFiles(t, map[string]string{"c.go": "package main\n\n// #include <stdlib.h>\nimport \"C\"\n\nfunc f() { C.free(nil) }\n"})
	_, err := rewriteSources(dir)
	if err == nil || !strings.Contains(err.Error(), "c.go:6:12: uses cgo (C.free)") {
		t.Errorf("got %v", err)
	}
}

func lineOf(text, needle string) int {
	return strings.Count(text[:strings.Index(text, needle)], "\n") + 1
}
