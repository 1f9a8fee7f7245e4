package prepare

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// DefaultTarget is the function the build serves in a package without main:
// the name all three seed systems without a main use.
const DefaultTarget = "Handle"

// entry is what the build found to serve in the function's root package.
type entry struct {
	packageName string
	// hasMain: the package is a command of its own; the build adds nothing.
	hasMain bool
	// target is the function (or variable) to serve when there is no main.
	target string
	// contract is the target's contract, or the one main's handoff.Start
	// call serves, when the build can tell; "" when only the running SDK can.
	contract contract.Contract
	// registered: the package registers its functions with
	// functions-framework-go's API, and the host's target picks one.
	registered []registration
	// servesRegistered: there is no main and no function named target, so
	// the generated main serves the registrations.
	servesRegistered bool
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

// findEntry decides what to serve in the package and checks its signature
// against the contract rules.
func findEntry(dir string, files []string, target string) (entry, error) {
	p, err := parsePackage(dir, files)
	if err != nil {
		return entry{}, err
	}
	e := entry{packageName: p.name, target: target}
	if e.registered, err = p.ffgoRegistrations(); err != nil {
		return entry{}, err
	}
	if main, ok := p.funcs["main"]; ok && p.name == "main" {
		e.hasMain = true
		e.contract, err = p.startedContract(main)
		return e, err
	}
	if len(e.registered) > 0 && p.funcs[target] == nil && !p.vars[target] {
		e.contract = registeredContract(e.registered, target)
		e.servesRegistered = true
		return e, nil
	}
	if fn, ok := p.funcs[target]; ok {
		e.contract, err = p.classify(fn.Type, p.fileOf[fn], fn.Pos(), p.declText(fn))
		return e, err
	}
	if p.vars[target] {
		return e, nil // an http.Handler value, say: the SDK checks its type when it starts
	}
	return entry{}, p.noEntry(target, files)
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

func (p *packageSource) noEntry(target string, files []string) error {
	var exported []string
	for name := range p.funcs {
		if ast.IsExported(name) {
			exported = append(exported, name)
		}
	}
	sort.Strings(exported)
	hint := ""
	if len(exported) > 0 {
		hint = fmt.Sprintf(" (its exported functions: %s; to serve one of them, name it as the target)", strings.Join(exported, ", "))
	}
	return fmt.Errorf("package %s (%s) has neither func main nor func %s%s; write func %s(w http.ResponseWriter, r *http.Request), or another shape go-handoff serves, or a main that calls handoff.Start",
		p.name, strings.Join(files, ", "), target, hint, target)
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
