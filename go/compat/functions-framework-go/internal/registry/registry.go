// Package registry keeps the functions a program registered with the
// functions and funcframework packages, in order, for funcframework.Start;
// each is also registered with go-handoff's own target selection, which
// serves a package that has no main.
package registry

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/go-handoff/go-handoff/handoffimpl"
)

// Function is one registration: declarative ones (functions.HTTP, ...) have
// a Name; funcframework.Register* ones a Path.
type Function struct {
	Name    string
	Path    string
	Handler http.Handler
}

var (
	mu        sync.Mutex
	functions []*Function
	byName    = map[string]*Function{}
)

// Add records fn, served as handler; signature is how go-handoff's target
// selection names its kind (handoffimpl.SignatureHTTP, ...).
func Add(fn *Function, signature handoffimpl.Signature) error {
	mu.Lock()
	defer mu.Unlock()
	if fn.Name == "" && fn.Path == "" {
		return fmt.Errorf("either the function path or the function name should be specified")
	}
	if fn.Name != "" {
		if _, taken := byName[fn.Name]; taken {
			return fmt.Errorf("function name already registered: %q", fn.Name)
		}
		if fn.Path == "" {
			fn.Path = "/" + fn.Name
		}
		byName[fn.Name] = fn
		handoffimpl.Register(fn.Name, fn.Handler, signature)
	}
	functions = append(functions, fn)
	return nil
}

// All returns the registrations, in the order they were made.
func All() []*Function {
	mu.Lock()
	defer mu.Unlock()
	return append([]*Function(nil), functions...)
}

// Named returns the declarative registration called name.
func Named(name string) (*Function, bool) {
	mu.Lock()
	defer mu.Unlock()
	fn, ok := byName[name]
	return fn, ok
}

// LastUnnamed is the last registration made by path, which
// functions-framework-go serves at "/" when the target names nothing else.
func LastUnnamed() *Function {
	mu.Lock()
	defer mu.Unlock()
	for i := len(functions) - 1; i >= 0; i-- {
		if functions[i].Name == "" {
			return functions[i]
		}
	}
	return nil
}

// Reset forgets every registration (for tests).
func Reset() {
	mu.Lock()
	defer mu.Unlock()
	functions, byName = nil, map[string]*Function{}
}
