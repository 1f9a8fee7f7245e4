package prepare

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// compatImports are the import paths of the seed systems' SDKs, and the
// go-handoff packages that stand in for them. The ignite platform
// rewrites "ignite" to its bundled SDK in the same way.
var compatImports = map[string]string{
	"ignite": SDKModule + "/compat/ignite",
	"github.com/eawsy/aws-lambda-go-core/service/lambda/runtime": SDKModule + "/compat/eawsy/runtime",
}

// edit replaces source[start:end] with text.
type edit struct {
	start, end int
	text       string
}

// rewriteSources makes the Go files under dir buildable as go-handoff builds
// them: imports of the seed systems' SDKs point at their stand-ins, and
// `import "C"` (which the eawsy shim required, with no C code) is removed,
// since the binary is built without cgo. Edits keep every line where it was,
// so that compiler messages point at the user's lines. It returns what it
// changed, for the build's report.
func rewriteSources(dir string) ([]string, error) {
	var notes []string
	err := filepath.WalkDir(dir, func(path string, entry os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if entry.IsDir() {
			if path != dir && (skipDir(entry.Name()) || entry.Name() == "testdata" || entry.Name() == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		changes, err := rewriteFile(path, rel)
		notes = append(notes, changes...)
		return err
	})
	return notes, err
}

func rewriteFile(path, rel string) ([]string, error) {
	source, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, source, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, nil // the compiler will report it, with its own words
	}
	var edits []edit
	var notes []string
	offset := func(p token.Pos) int { return fset.Position(p).Offset }
	for _, decl := range file.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.IMPORT {
			continue
		}
		for _, spec := range gen.Specs {
			imp := spec.(*ast.ImportSpec)
			importPath, _ := strconv.Unquote(imp.Path.Value)
			line := fset.Position(imp.Pos()).Line
			if importPath == "C" {
				if err := checkNoCgoUse(path, rel, source); err != nil {
					return nil, err
				}
				start, end := offset(imp.Pos()), offset(imp.End())
				if !gen.Lparen.IsValid() {
					start, end = offset(gen.Pos()), offset(gen.End())
				}
				edits = append(edits, edit{start, end, ""})
				notes = append(notes, fmt.Sprintf(`%s:%d: removed import "C" (go-handoff builds without cgo)`, rel, line))
				continue
			}
			if replacement, ok := compatImports[importPath]; ok {
				edits = append(edits, edit{offset(imp.Path.Pos()), offset(imp.Path.End()), strconv.Quote(replacement)})
				notes = append(notes, fmt.Sprintf("%s:%d: import %q is served by %s", rel, line, importPath, replacement))
			}
		}
	}
	if len(edits) == 0 {
		return nil, nil
	}
	return notes, os.WriteFile(path, applyEdits(source, edits), 0o644)
}

func applyEdits(source []byte, edits []edit) []byte {
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	out := append([]byte(nil), source...)
	for _, e := range edits {
		out = append(out[:e.start], append([]byte(e.text), out[e.end:]...)...)
	}
	return out
}

// checkNoCgoUse refuses a file that imports "C" and uses it: that C code
// cannot be linked into a static binary built without cgo.
func checkNoCgoUse(path, rel string, source []byte) error {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, path, source, 0)
	if err != nil {
		return nil
	}
	var use *ast.SelectorExpr
	ast.Inspect(file, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && use == nil {
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == "C" && id.Obj == nil {
				use = sel
			}
		}
		return use == nil
	})
	if use == nil {
		return nil
	}
	pos := fset.Position(use.Pos())
	return fmt.Errorf("%s:%d:%d: uses cgo (C.%s); go-handoff builds static binaries without cgo (CGO_ENABLED=0), so C code cannot be linked in: write it in Go",
		rel, pos.Line, pos.Column, use.Sel.Name)
}
