package prepare

import (
	"go/ast"
	"go/types"
	"path"
	"strconv"
	"strings"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// Import paths whose types the rules know, besides the standard library's.
var (
	handoffPackage = SDKModule + "/handoff"
	// Packages whose Context the SDK fills in for a function.
	contextPackages = map[string]bool{
		handoffPackage:                      true,
		SDKModule + "/compat/ignite":        true,
		"ignite":                            true,
		SDKModule + "/compat/eawsy/runtime": true,
		"github.com/eawsy/aws-lambda-go-core/service/lambda/runtime": true,
	}
)

// fileImports maps the names a file gives its imports to their paths.
func fileImports(file *ast.File) map[string]string {
	names := map[string]string{}
	for _, imp := range file.Imports {
		importPath, _ := strconv.Unquote(imp.Path.Value)
		name := defaultPackageName(importPath)
		if imp.Name != nil {
			name = imp.Name.Name
		}
		if name != "_" && name != "." {
			names[name] = importPath
		}
	}
	return names
}

// defaultPackageName is the name a package at importPath usually declares:
// the last element, without a major-version suffix (/v2) or gopkg.in's .v3.
func defaultPackageName(importPath string) string {
	base := path.Base(importPath)
	if len(base) >= 2 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" && path.Dir(importPath) != "." {
		base = path.Base(path.Dir(importPath))
	}
	if i := strings.Index(base, ".v"); i > 0 {
		base = base[:i]
	}
	return strings.ReplaceAll(base, "-", "_")
}

// signatureFromAST reduces a function type, as written, to the Signature the
// contract rules read, resolving package names through imports. Whether a
// result of one of the package's own types is an error (Type.IsError) needs
// the package: packageSource.mayBeError tells.
func signatureFromAST(ft *ast.FuncType, imports map[string]string) contract.Signature {
	var s contract.Signature
	if ft.Params != nil {
		for i, field := range ft.Params.List {
			expr := field.Type
			if ellipsis, ok := expr.(*ast.Ellipsis); ok && i == len(ft.Params.List)-1 {
				s.Variadic = true
				expr = ellipsis.Elt
			}
			for range max(1, len(field.Names)) {
				s.Params = append(s.Params, typeFromAST(expr, imports, true))
			}
		}
	}
	if ft.Results != nil {
		for _, field := range ft.Results.List {
			for range max(1, len(field.Names)) {
				s.Results = append(s.Results, typeFromAST(field.Type, imports, false))
			}
		}
	}
	return s
}

func typeFromAST(expr ast.Expr, imports map[string]string, isParam bool) contract.Type {
	t := contract.Type{Kind: contract.KindValue, Name: types.ExprString(expr)}
	qualified := func(e ast.Expr) (pkg, name string, ok bool) {
		sel, isSel := e.(*ast.SelectorExpr)
		if !isSel {
			return "", "", false
		}
		id, isIdent := sel.X.(*ast.Ident)
		if !isIdent {
			return "", "", false
		}
		importPath, known := imports[id.Name]
		return importPath, sel.Sel.Name, known
	}
	star, pointer := expr.(*ast.StarExpr)
	inner := expr
	if pointer {
		inner = star.X
	}
	if pkg, name, ok := qualified(inner); ok {
		switch {
		case pkg == "context" && name == "Context" && !pointer:
			t.Kind = contract.KindContext
			t.TakesContext = true
		case pkg == "net/http" && name == "ResponseWriter" && !pointer:
			t.Kind = contract.KindResponseWriter
		case pkg == "net/http" && name == "Request":
			t.Kind = map[bool]contract.Kind{true: contract.KindRequest, false: contract.KindRequestValue}[pointer]
		case contextPackages[pkg] && name == "Context":
			t.Kind = map[bool]contract.Kind{true: contract.KindInvocation, false: contract.KindInvocationValue}[pointer]
		case pkg == handoffPackage && name == "Event":
			t.Kind = contract.KindEvent
		}
		return t
	}
	switch e := expr.(type) {
	case *ast.Ident:
		switch e.Name {
		case "error":
			t.Kind = contract.KindError
			t.IsError = true
		case "any":
			t.TakesContext = true
		case "complex64", "complex128":
			t.Kind = contract.KindUnencodable
		}
	case *ast.ArrayType:
		if id, ok := e.Elt.(*ast.Ident); ok && e.Len == nil && (id.Name == "byte" || id.Name == "uint8") {
			t.Kind = contract.KindBytes
		}
	case *ast.ChanType, *ast.FuncType:
		t.Kind = contract.KindUnencodable
	case *ast.InterfaceType:
		if e.Methods == nil || len(e.Methods.List) == 0 {
			t.TakesContext = true // interface{}
		} else if isParam {
			t.Kind = contract.KindUnencodable
		}
	}
	return t
}
