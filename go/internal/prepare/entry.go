package prepare

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/target"
)

// DefaultTarget is the function served when no target is given: the name
// all three seed systems without a main use.
const DefaultTarget = target.DefaultName

// Background is the contract the build reports for a function of the shape
// func(ctx context.Context, e T) error: a first-generation background
// function, unless the signature type says typed JSON (internal/entrypoint).
const Background contract.Contract = "background"

// entry is what the build found to serve in the function's root package.
type entry struct {
	packageName string
	// hasMain: the package is a command of its own; the build adds nothing.
	hasMain bool
	// target is the function the build was given (--target), "" when none.
	target string
	// functions are what the generated main registers, sorted by name.
	functions []function
	// chosen is the function served when the host names no target, "" when
	// only the host can tell (several functions, no Handle).
	chosen string
	// contract is the chosen function's contract, or the one main's
	// handoff.Start call serves, when the build can tell; "" when only the
	// running SDK can.
	contract contract.Contract
	// registered names the functions the package registers with
	// functions-framework-go's API in init: the generated main only
	// imports the package for them.
	registered map[string]bool
}

// function is one function (or variable) of the package the binary offers.
type function struct {
	Name string `json:"name"`
	// Contract is how it is called: one of FunctionContracts, or "" for a
	// variable (the SDK checks its type when it starts).
	Contract contract.Contract `json:"contract"`
}

// packageSource is the root package of the function, parsed.
type packageSource struct {
	fset  *token.FileSet
	dir   string
	name  string
	files []*ast.File
	// funcs are the package-level functions; vars the package-level variables.
	funcs map[string]*ast.FuncDecl
	vars  map[string]bool
	// consts are the package-level constants given a value, by name.
	consts map[string]ast.Expr
	// fileOf finds the file a declaration is in (for its imports).
	fileOf map[ast.Node]*ast.File
}

func parsePackage(dir string, files []string) (*packageSource, error) {
	p := &packageSource{fset: token.NewFileSet(), dir: dir, funcs: map[string]*ast.FuncDecl{}, vars: map[string]bool{}, consts: map[string]ast.Expr{}, fileOf: map[ast.Node]*ast.File{}}
	for _, name := range files {
		file, err := parser.ParseFile(p.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err // a syntax error: the compiler would say the same
		}
		p.files = append(p.files, file)
		p.name = file.Name.Name
		for _, decl := range file.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					p.funcs[d.Name.Name] = d
					p.fileOf[d] = file
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if vs, ok := spec.(*ast.ValueSpec); ok {
						for i, n := range vs.Names {
							p.vars[n.Name] = true
							if d.Tok == token.CONST && i < len(vs.Values) {
								p.consts[n.Name] = vs.Values[i]
							}
						}
					}
				}
			}
		}
	}
	return p, nil
}

// findEntry decides what the binary offers: the package's own main, or
// every exported function of a usable shape (Handle and the build's target
// of any shape the contracts serve), and checks their signatures against
// the contract rules.
func findEntry(dir string, files []string, wanted string) (entry, error) {
	p, err := parsePackage(dir, files)
	if err != nil {
		return entry{}, err
	}
	e := entry{packageName: p.name, target: wanted}
	registered, err := p.ffgoRegistrations()
	if err != nil {
		return entry{}, err
	}
	if main, ok := p.funcs["main"]; ok && p.name == "main" {
		e.hasMain = true
		e.contract, err = p.startedContract(main)
		return e, err
	}
	if e.functions, err = p.offered(wanted); err != nil {
		return entry{}, err
	}
	e.functions, e.registered = withRegistered(e.functions, registered)
	names := make([]string, len(e.functions))
	for i, f := range e.functions {
		names[i] = f.Name
	}
	if len(names) == 0 {
		return entry{}, p.noEntry(wanted, files)
	}
	if wanted != "" && !slices.Contains(names, wanted) {
		// The message the binary would answer with, said before deploying.
		return entry{}, fmt.Errorf("package %s (%s): %w", p.name, strings.Join(files, ", "), &target.Error{Target: wanted, Names: names})
	}
	if choice, err := target.Choose(names, "", wanted); err == nil {
		e.chosen = choice.Name
		e.contract = e.functions[slices.Index(names, choice.Name)].Contract
	}
	return e, nil
}

// offered lists the functions the package offers, sorted. Handle and the
// wanted target must have a shape the contracts serve, or the build stops
// saying why; other exported functions are offered when they look like
// entry points (a net/http handler, or a function that takes a context) and
// are left alone otherwise, as helpers.
func (p *packageSource) offered(wanted string) ([]function, error) {
	var offered []function
	for name, fn := range p.funcs {
		if !ast.IsExported(name) || fn.Type.TypeParams != nil {
			continue
		}
		sig := signatureFromAST(fn.Type, fileImports(p.fileOf[fn]))
		if isCloudEventFunction(fn.Type, fileImports(p.fileOf[fn])) {
			offered = append(offered, function{Name: name, Contract: CloudEvent})
			continue
		}
		named := name == DefaultTarget || name == wanted
		plan, err := contract.Classify(sig)
		if err != nil {
			if named {
				return nil, fmt.Errorf("%s: %s: %v", p.position(fn.Pos()), p.declText(fn), err)
			}
			continue
		}
		if !named && !looksLikeEntryPoint(sig, plan) {
			continue
		}
		c := plan.Contract
		if contract.IsBackground(sig) && name != DefaultTarget {
			// func Handle of that shape stays typed JSON, as it was before
			// entry points (internal/entrypoint's resolve).
			c = Background
		}
		offered = append(offered, function{Name: name, Contract: c})
	}
	for _, name := range []string{DefaultTarget, wanted} {
		if name != "" && p.vars[name] && p.funcs[name] == nil && !slices.ContainsFunc(offered, func(f function) bool { return f.Name == name }) {
			offered = append(offered, function{Name: name}) // an http.Handler value, say
		}
	}
	slices.SortFunc(offered, func(a, b function) int { return strings.Compare(a.Name, b.Name) })
	return offered, nil
}

// looksLikeEntryPoint tells a function written to be called by a host from
// a helper: first-generation Cloud Functions are net/http handlers or take
// a context, as every other contract's functions may.
func looksLikeEntryPoint(sig contract.Signature, plan contract.Plan) bool {
	if plan.Contract == contract.HTTP {
		return true
	}
	for _, p := range sig.Params {
		if p.Kind == contract.KindContext || p.Kind == contract.KindInvocation {
			return true
		}
	}
	return false
}

// classify applies the contract rules to a function type, and says where and
// what the function is when it breaks one.
func (p *packageSource) classify(ft *ast.FuncType, file *ast.File, at token.Pos, what string) (contract.Contract, error) {
	plan, err := contract.Classify(signatureFromAST(ft, fileImports(file)))
	if err != nil {
		return "", fmt.Errorf("%s: %s: %v", p.position(at), what, err)
	}
	return plan.Contract, nil
}

// startedContract finds main's call to handoff.Start (or ignite.Start) and
// classifies the function it is given, when that is a function of the
// package or a function literal. Anything else only the running SDK can check.
func (p *packageSource) startedContract(main *ast.FuncDecl) (contract.Contract, error) {
	imports := fileImports(p.fileOf[main])
	var found contract.Contract
	var failure error
	ast.Inspect(main.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 || found != "" || failure != nil {
			return failure == nil
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "Start" {
			return true
		}
		pkg, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		switch imports[pkg.Name] {
		case "ignite", SDKModule + "/compat/ignite":
			found = contract.Bytes // ignite.Start takes an ignite.Handler: the compiler checks it
		case handoffPackage:
			switch arg := call.Args[0].(type) {
			case *ast.Ident:
				if fn, ok := p.funcs[arg.Name]; ok {
					found, failure = p.classify(fn.Type, p.fileOf[fn], call.Pos(), fmt.Sprintf("handoff.Start(%s), with %s", arg.Name, p.declText(fn)))
				}
			case *ast.FuncLit:
				found, failure = p.classify(arg.Type, p.fileOf[main], arg.Pos(), "handoff.Start(func"+strings.TrimPrefix(nodeText(p.fset, arg.Type), "func")+" {...})")
			}
		}
		return found == "" && failure == nil
	})
	return found, failure
}

func (p *packageSource) noEntry(wanted string, files []string) error {
	var exported []string
	for name := range p.funcs {
		if ast.IsExported(name) {
			exported = append(exported, name)
		}
	}
	sort.Strings(exported)
	hint := ""
	if len(exported) > 0 {
		hint = fmt.Sprintf(" (its exported functions, %s, have no shape go-handoff serves: a net/http handler, or a function that takes a context.Context)", strings.Join(exported, ", "))
	}
	name := DefaultTarget
	if wanted != "" {
		name = wanted
	}
	return fmt.Errorf("package %s (%s) has no func main, no func %s and no other function to serve%s; write func %s(w http.ResponseWriter, r *http.Request), a background function func %s(ctx context.Context, e T) error, another shape go-handoff serves, or a main that calls handoff.Start; to serve a function of another name, give it with --target (make: TARGET=)",
		p.name, strings.Join(files, ", "), name, hint, name, name)
}

func (p *packageSource) position(at token.Pos) string {
	pos := p.fset.Position(at)
	rel, _ := filepath.Rel(p.dir, pos.Filename)
	return rel + ":" + strconv.Itoa(pos.Line) + ":" + strconv.Itoa(pos.Column)
}

// declText is a function's signature as written, without its body.
func (p *packageSource) declText(fn *ast.FuncDecl) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, p.fset, &ast.FuncDecl{Name: fn.Name, Type: fn.Type})
	return b.String()
}

func nodeText(fset *token.FileSet, node ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, node)
	return b.String()
}
