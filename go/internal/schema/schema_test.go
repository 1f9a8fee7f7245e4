package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-handoff/go-handoff/internal/activation"
	"github.com/go-handoff/go-handoff/internal/entrypoint"
	"github.com/go-handoff/go-handoff/internal/prepare"
	"github.com/go-handoff/go-handoff/internal/schema"
)

var update = flag.Bool("update", false, "rewrite testdata/schema.json from the Go side")

const golden = "testdata/schema.json"

// TestSchema holds testdata/schema.json to the Go side's types and
// constants. The TypeScript side is held to the same file by
// test/unit/schema.test.ts.
func TestSchema(t *testing.T) {
	doc, err := document()
	if err != nil {
		t.Fatal(err)
	}
	text, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	text = append(text, '\n')
	if *update {
		if err := os.WriteFile(golden, text, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	written, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v: write it with `go test ./internal/schema -update`", err)
	}
	if !bytes.Equal(written, text) {
		t.Errorf("%s is not what the Go side says any more. Rewrite it with `go test ./internal/schema -update` (in go/), "+
			"then make src/schema.ts agree: `node_modules/.bin/vitest run test/unit/schema.test.ts` says where it does not.\nNow:\n%s", golden, text)
	}
}

// environment is every variable the loader sets for the Go side, with the
// values it may take (none: any string) and whether it is always set.
var environment = []struct {
	name   string
	values []string
	always bool
}{
	{schema.EnvHost, schema.Hosts, true},
	{schema.EnvTarget, nil, false},
	// Any string: the loader passes the host's flag on as it is, and the Go
	// side logs a value it does not take (SignatureType) and ignores it.
	{schema.EnvSignatureType, nil, false},
	{schema.EnvPort, nil, false},
	// Any string: the loader passes node's flag on as it is, and
	// internal/memlimit logs a value that is not a number of MiB, and
	// ignores it.
	{schema.EnvMaxOldSpaceSize, nil, false},
}

// A variable added to the package and not to the table above would go
// unchecked on the TypeScript side.
func TestEnvironmentTableListsEveryVariable(t *testing.T) {
	declared, err := envConstants(".")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, v := range environment {
		listed = append(listed, v.name)
	}
	sort.Strings(listed)
	if !slices.Equal(declared, listed) {
		t.Errorf("the package declares %v, the environment table lists %v: give every Env constant a row", declared, listed)
	}
}

// document is the schema of everything that crosses, in JSON Schema.
func document() (map[string]any, error) {
	w := writer{
		defs:  map[string]any{},
		names: map[reflect.Type]string{},
		enums: map[string][]string{
			"prepare.Plan.Contract":           strs(prepare.Contracts),
			"prepare.function.Contract":       append(strs(prepare.FunctionContracts), ""),
			"schema.ArchiveManifest.Contract": strs(prepare.Contracts),
		},
	}
	plan := reflect.TypeFor[prepare.Plan]()
	planFunction, _ := plan.FieldByName("Functions")
	w.names[plan] = "PreparePlan"
	w.names[planFunction.Type.Elem()] = "PlanFunction"
	w.names[reflect.TypeFor[schema.ArchiveManifest]()] = "ArchiveManifest"
	for t := range w.names {
		if _, err := w.object(t); err != nil {
			return nil, err
		}
	}
	w.defs["Contract"] = enum(strs(prepare.Contracts))
	w.defs["FunctionContract"] = enum(strs(prepare.FunctionContracts))
	w.defs["Host"] = enum(schema.Hosts)
	w.defs["SignatureType"] = enum(signatureTypes())
	w.defs["FdName"] = enum([]string{activation.NameListener, activation.NameConn, activation.NameFinishing})
	w.defs["GoEnvironment"] = environmentSchema()
	return map[string]any{
		"$schema": "https://json-schema.org/draft/2020-12/schema",
		"$comment": "What crosses between go-handoff's Go side and its TypeScript side (go/internal/schema). " +
			"Written by `go test ./internal/schema -update`; src/schema.ts is held to it by test/unit/schema.test.ts.",
		"$defs": w.defs,
	}, nil
}

// writer turns Go struct types into JSON Schema objects, as encoding/json
// encodes them.
type writer struct {
	defs map[string]any
	// names are the struct types that get a definition of their own.
	names map[reflect.Type]string
	// enums are the values of string fields ("package.Type.Field") whose
	// type does not say them.
	enums map[string][]string
}

func (w *writer) object(t reflect.Type) (map[string]any, error) {
	properties := map[string]any{}
	required := []string{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, options, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		value, err := w.value(t.String()+"."+f.Name, f.Type)
		if err != nil {
			return nil, err
		}
		properties[name] = value
		if !slices.Contains(strings.Split(options, ","), "omitempty") {
			required = append(required, name)
		}
	}
	sort.Strings(required)
	object := map[string]any{"type": "object", "properties": properties, "required": required, "additionalProperties": false}
	if name, ok := w.names[t]; ok {
		w.defs[name] = object
	}
	return object, nil
}

func (w *writer) value(field string, t reflect.Type) (map[string]any, error) {
	if values, ok := w.enums[field]; ok {
		if t.Kind() != reflect.String {
			return nil, fmt.Errorf("%s has values listed, but is a %s", field, t)
		}
		return enum(values), nil
	}
	switch t.Kind() {
	case reflect.String:
		if t != reflect.TypeFor[string]() {
			return nil, fmt.Errorf("%s is a %s: list its values in the writer's enums", field, t)
		}
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Uint64, reflect.Uint32:
		return map[string]any{"type": "integer"}, nil
	case reflect.Slice:
		items, err := w.value(field+"[]", t.Elem())
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Struct:
		if name, ok := w.names[t]; ok {
			return map[string]any{"$ref": "#/$defs/" + name}, nil
		}
		return w.object(t)
	}
	return nil, fmt.Errorf("%s is a %s, which the schema writer does not describe", field, t)
}

func environmentSchema() map[string]any {
	properties := map[string]any{}
	required := []string{}
	for _, v := range environment {
		properties[v.name] = map[string]any{"type": "string"}
		if v.values != nil {
			properties[v.name] = enum(v.values)
		}
		if v.always {
			required = append(required, v.name)
		}
	}
	sort.Strings(required)
	return map[string]any{"type": "object", "properties": properties, "required": required, "additionalProperties": false}
}

func enum(values []string) map[string]any {
	return map[string]any{"enum": values}
}

func strs[S ~string](values []S) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = string(v)
	}
	return out
}

func signatureTypes() []string {
	return strs(entrypoint.SignatureTypes)
}

// envConstants are the names of the constants declared in dir's Go files
// (tests aside) that start with Env, sorted, by their values.
func envConstants(dir string) ([]string, error) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, entry := range entries {
		if !strings.HasSuffix(entry.Name(), ".go") || strings.HasSuffix(entry.Name(), "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, entry.Name(), nil, 0)
		if err != nil {
			return nil, err
		}
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				for i, name := range spec.(*ast.ValueSpec).Names {
					if strings.HasPrefix(name.Name, "Env") {
						lit, ok := spec.(*ast.ValueSpec).Values[i].(*ast.BasicLit)
						if !ok {
							return nil, fmt.Errorf("%s: give it a string literal", name.Name)
						}
						value, err := strconv.Unquote(lit.Value)
						if err != nil {
							return nil, fmt.Errorf("%s: %v", name.Name, err)
						}
						names = append(names, value)
					}
				}
			}
		}
	}
	sort.Strings(names)
	return names, nil
}
