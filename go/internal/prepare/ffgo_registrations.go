package prepare

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// The import paths of functions-framework-go's two packages, which the build
// points at go-handoff's stand-in (compat/functions-framework-go).
const (
	ffgoModule        = "github.com/GoogleCloudPlatform/functions-framework-go"
	ffgoFunctions     = ffgoModule + "/functions"
	ffgoFuncframework = ffgoModule + "/funcframework"
)

// CloudEvent is the contract of a function served with the CloudEvents
// SDK's event.Event: func(ctx context.Context, e event.Event) error,
// registered with functions.CloudEvent, or exported and chosen by target as
// Cloud Functions' second generation does.
const CloudEvent contract.Contract = "cloudevent"

// ffgoImportName is the generated main's name for the functions package.
const ffgoImportName = "ffgofunctions"

// The CloudEvents SDK's event type, under its two import paths (the root
// package has an alias of it).
var cloudEventTypes = map[string]bool{
	"github.com/cloudevents/sdk-go/v2/event.Event": true,
	"github.com/cloudevents/sdk-go/v2.Event":       true,
}

// isCloudEventFunction tells func(context.Context, event.Event) error.
func isCloudEventFunction(ft *ast.FuncType, imports map[string]string) bool {
	sig := signatureFromAST(ft, imports)
	if len(sig.Params) != 2 || sig.Variadic || sig.Params[0].Kind != contract.KindContext || len(sig.Results) != 1 || sig.Results[0].Kind != contract.KindError {
		return false
	}
	var params []ast.Expr
	for _, field := range ft.Params.List {
		for range max(1, len(field.Names)) {
			params = append(params, field.Type)
		}
	}
	sel, ok := params[1].(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && cloudEventTypes[imports[pkg.Name]+"."+sel.Sel.Name]
}

// withRegistered adds the named registrations to the functions the package
// offers, sorted by name, and returns their names.
func withRegistered(offered []function, registered []registration) ([]function, map[string]bool) {
	names := map[string]bool{}
	for _, r := range registered {
		if r.Name == "" {
			continue // by path: only funcframework.Start serves it
		}
		names[r.Name] = true
		offered = slices.DeleteFunc(offered, func(f function) bool { return f.Name == r.Name }) // registered wins, as at run time
		offered = append(offered, function{Name: r.Name, Contract: contract.Contract(r.Kind)})
	}
	slices.SortFunc(offered, func(a, b function) int { return strings.Compare(a.Name, b.Name) })
	return offered, names
}

// registration is a call that registers a function with
// functions-framework-go's API.
type registration struct {
	// Name is the declarative name (functions.HTTP and the like), "" for
	// funcframework's registrations by path.
	Name string
	// Kind is how it is called: http, cloudevent, typed or event.
	Kind string
	call string // the call as written, for messages
}

// The registering calls, and the kind of function each registers.
var ffgoCalls = map[string]map[string]string{
	ffgoFunctions: {"HTTP": "http", "CloudEvent": "cloudevent", "Typed": "typed"},
	ffgoFuncframework: {
		"RegisterHTTPFunctionContext": "http", "RegisterCloudEventFunctionContext": "cloudevent",
		"RegisterEventFunctionContext": "event", "RegisterHTTPFunction": "http", "RegisterEventFunction": "event",
	},
}

// ffgoRegistrations finds the package's registrations with
// functions-framework-go's API and checks them against its rules where the
// compiler cannot (typed and event functions are given as interface{}), so
// that a registration the binary could not serve stops the build, naming
// the file, the function and the rule, instead of the deployed function.
func (p *packageSource) ffgoRegistrations() ([]registration, error) {
	var found []registration
	names := map[string]string{} // name -> where it was first registered
	for _, file := range p.files {
		imports := fileImports(file)
		var failure error
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || failure != nil {
				return failure == nil
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			pkg, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			kind, ok := ffgoCalls[imports[pkg.Name]][sel.Sel.Name]
			if !ok {
				return true
			}
			r := registration{Kind: kind, call: nodeText(p.fset, call.Fun)}
			fnArg := len(call.Args) - 1
			if imports[pkg.Name] == ffgoFunctions && len(call.Args) == 2 {
				name, known := p.stringValue(call.Args[0])
				if known {
					if name == "" {
						failure = fmt.Errorf("%s: %s(\"\", ...): a function registered with functions-framework-go needs a name, the target that selects it", p.position(call.Pos()), r.call)
						return false
					}
					if first, taken := names[name]; taken {
						failure = fmt.Errorf("%s: %s(%q, ...): the name %q is already registered at %s; functions-framework-go refuses a second function of the same name (function name already registered)", p.position(call.Pos()), r.call, name, name, first)
						return false
					}
					names[name] = p.position(call.Pos())
					r.Name = name
				}
			}
			if fnArg >= 0 {
				failure = p.checkRegistered(r, call.Args[fnArg], file)
			}
			found = append(found, r)
			return failure == nil
		})
		if failure != nil {
			return nil, failure
		}
	}
	return found, nil
}

// stringValue is the value of a string literal, or of a package-level
// constant defined by one.
func (p *packageSource) stringValue(expr ast.Expr) (string, bool) {
	switch e := expr.(type) {
	case *ast.BasicLit:
		if e.Kind == token.STRING {
			s, err := strconv.Unquote(e.Value)
			return s, err == nil
		}
	case *ast.Ident:
		if lit, ok := p.consts[e.Name]; ok {
			return p.stringValue(lit)
		}
	}
	return "", false
}

// checkRegistered applies functions-framework-go's rules to the function a
// typed or event registration is given, when the build can see its type (a
// function of the package, or a function literal).
func (p *packageSource) checkRegistered(r registration, arg ast.Expr, file *ast.File) error {
	if r.Kind != "typed" && r.Kind != "event" {
		return nil // typed by the API: the compiler checks them
	}
	var ft *ast.FuncType
	what := ""
	switch a := arg.(type) {
	case *ast.Ident:
		fn, ok := p.funcs[a.Name]
		if !ok {
			return nil // a variable: functions-framework-go checks it when it registers
		}
		ft, file, what = fn.Type, p.fileOf[fn], p.declText(fn)
	case *ast.FuncLit:
		ft, what = a.Type, "func"+trimFunc(nodeText(p.fset, a.Type))+" {...}"
	default:
		return nil
	}
	sig := signatureFromAST(ft, fileImports(file))
	// Whether a result is an error, the source tells only with the rest of
	// the package: a type of its own with an Error method.
	if ft.Results != nil {
		i := 0
		for _, field := range ft.Results.List {
			for range max(1, len(field.Names)) {
				sig.Results[i].IsError = p.mayBeError(field.Type)
				i++
			}
		}
	}
	var broken error
	switch r.Kind {
	case "typed":
		broken = contract.FunctionsFrameworkTyped(sig)
	case "event":
		broken = contract.FunctionsFrameworkEvent(sig)
	}
	if broken == nil {
		return nil
	}
	label := r.call
	if r.Name != "" {
		label = fmt.Sprintf("%s(%q, ...)", r.call, r.Name)
	}
	return fmt.Errorf("%s: %s, with %s: %s", p.position(arg.Pos()), label, what, broken)
}

func trimFunc(s string) string {
	if len(s) >= 4 && s[:4] == "func" {
		return s[4:]
	}
	return s
}

// mayBeError says whether a result type, as written, may be an error:
// error itself, an interface, a type of another package (the compiler
// knows), or a type of this package with an Error method. Built-in and
// composite types, and this package's types without one, are not.
func (p *packageSource) mayBeError(expr ast.Expr) bool {
	switch e := expr.(type) {
	case *ast.Ident:
		if e.Name == "error" {
			return true
		}
		if types.Universe.Lookup(e.Name) != nil {
			return false // string, int, any...: no Error method
		}
		return p.hasErrorMethod(e.Name)
	case *ast.StarExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			return types.Universe.Lookup(id.Name) == nil && p.hasErrorMethod(id.Name)
		}
		_, other := e.X.(*ast.SelectorExpr)
		return other
	case *ast.SelectorExpr, *ast.InterfaceType, *ast.ParenExpr, *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false // slices, maps, structs, functions, channels
}

// hasErrorMethod says whether the package declares an Error method on the
// type called name (or on a pointer to it), or name is an interface type.
func (p *packageSource) hasErrorMethod(name string) bool {
	for _, file := range p.files {
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil || d.Name.Name != "Error" || len(d.Recv.List) != 1 {
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok && id.Name == name {
					return true
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name.Name == name {
						if _, isInterface := ts.Type.(*ast.InterfaceType); isInterface {
							return true
						}
						if _, isIdent := ts.Type.(*ast.Ident); isIdent && ts.Assign.IsValid() {
							return p.mayBeError(ts.Type) // an alias
						}
					}
				}
			}
		}
	}
	return false
}
