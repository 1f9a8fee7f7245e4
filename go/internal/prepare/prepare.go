package prepare

import (
	"fmt"
	"go/build"
	"os"
	"slices"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// Request says what to prepare.
type Request struct {
	// Source is the user's function folder. It is only read.
	Source string
	// Work is the folder to build in; its contents are replaced.
	Work string
	// SDK is the folder of this SDK's module (the repository's go/).
	SDK string
	// GOARCH is the architecture to select files for (amd64, arm64).
	GOARCH string
	// Target is the function the user named (--target): the build fails
	// when the package has no main and no function of that name, and the
	// binary serves it when the host names no target. "" when none.
	Target string
}

// The contracts a Plan names besides a function's own.
const (
	// Main: the package has its own main, which calls the SDK in a way only
	// the running SDK can check.
	Main contract.Contract = "main"
	// Target: the package offers several functions and serves none by
	// default: the host's target picks.
	Target contract.Contract = "target"
)

// FunctionContracts are the contracts of the functions a binary offers
// (Plan.Functions), besides "" for a variable, whose type the SDK checks
// when it starts.
var FunctionContracts = []contract.Contract{contract.HTTP, contract.Typed, contract.Bytes, contract.Event, Background, CloudEvent}

// Contracts are the values of Plan.Contract: the served function's, Main
// or Target.
var Contracts = append(slices.Clone(FunctionContracts), Main, Target)

// Plan is what the build needs to know, and what it tells the user. It is
// printed as JSON for go-handoff's TypeScript build, whose types
// internal/schema's test holds to it.
type Plan struct {
	// Contract is how the function is called: one of Contracts.
	Contract contract.Contract `json:"contract"`
	// Function is the function served when the host names no target
	// ("main" when the package has its own; "" when only the host's target
	// can tell).
	Function string `json:"function"`
	// Functions are every function the binary offers, one of which the
	// host's target picks (none when the package has its own main).
	Functions []function `json:"functions,omitempty"`
	// Package is the main package to build, relative to Work.
	Package string `json:"package"`
	// Module is the function's module path.
	Module string `json:"module"`
	// Notes say what the build changed in its copy, for the user to know.
	Notes []string `json:"notes,omitempty"`
}

// Prepare copies the function into req.Work and makes it buildable.
func Prepare(req Request) (Plan, error) {
	info, err := os.Stat(req.Source)
	if err != nil {
		return Plan{}, fmt.Errorf("the function folder %s: %w", req.Source, err)
	}
	if !info.IsDir() {
		return Plan{}, fmt.Errorf("the function folder %s is a file; give the folder that holds it", req.Source)
	}
	if err := os.RemoveAll(req.Work); err != nil {
		return Plan{}, fmt.Errorf("clearing the build folder: %w", err)
	}
	if err := copyTree(req.Source, req.Work); err != nil {
		return Plan{}, fmt.Errorf("copying the function to the build folder: %w", err)
	}
	notes, err := rewriteSources(req.Work)
	if err != nil {
		return Plan{}, err
	}
	pkg, err := loadPackage(req.Work, req.GOARCH)
	if err != nil {
		return Plan{}, err
	}
	e, err := findEntry(req.Work, pkg.GoFiles, req.Target)
	if err != nil {
		return Plan{}, err
	}
	plan := Plan{Contract: e.contract, Function: e.chosen, Functions: e.functions, Notes: notes}
	if e.hasMain {
		plan.Function = "main"
		if req.Target != "" {
			plan.Notes = append(plan.Notes, fmt.Sprintf("the package has its own main, which decides what it serves: --target %s is not checked here", req.Target))
		}
	}
	switch {
	case !e.hasMain && e.chosen == "":
		plan.Contract = Target // several functions: the host's target picks one
	case plan.Contract == "":
		plan.Contract = Main // a main, or a variable: the SDK checks it when it starts
	}
	if plan.Module, err = ensureModule(req.Work); err != nil {
		return Plan{}, err
	}
	if plan.Package, err = writeMain(req.Work, e, plan.Module); err != nil {
		return Plan{}, err
	}
	if err := requireSDK(req.Work, plan.Module, req.SDK); err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// loadPackage reads the package in dir as the compiler will see it: for
// linux, without cgo.
func loadPackage(dir, goarch string) (*build.Package, error) {
	ctx := build.Default
	ctx.GOOS = "linux"
	ctx.GOARCH = goarch
	ctx.CgoEnabled = false
	pkg, err := ctx.ImportDir(dir, 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			return nil, fmt.Errorf("no Go files for linux/%s in the folder (files with build constraints for other systems, and _test.go files, do not count)", goarch)
		}
		return nil, err
	}
	return pkg, nil
}
