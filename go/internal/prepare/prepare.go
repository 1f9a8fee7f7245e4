package prepare

import (
	"fmt"
	"go/build"
	"os"
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
}

// Plan is what the build needs to know, and what it tells the user.
type Plan struct {
	// Contract is how the function is called: "main" when it has its own
	// main package, else the contract of the function the build wraps.
	Contract string `json:"contract"`
	// Package is the main package to build, relative to Work.
	Package string `json:"package"`
	// Module is the function's module path.
	Module string `json:"module"`
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
	pkg, err := loadPackage(req.Work, req.GOARCH)
	if err != nil {
		return Plan{}, fmt.Errorf("%s: %w", req.Source, err)
	}
	plan := Plan{Contract: "main", Package: "."}
	if pkg.Name != "main" {
		return Plan{}, fmt.Errorf("%s: package %s has no main; wrapping a function package is not supported yet", req.Source, pkg.Name)
	}
	if plan.Module, err = moduleFile(req.Work, req.SDK); err != nil {
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
	ctx.Dir = dir
	pkg, err := ctx.ImportDir(dir, 0)
	if err != nil {
		if _, ok := err.(*build.NoGoError); ok {
			return nil, fmt.Errorf("no Go files for linux/%s in the folder (files with build constraints for other systems, or _test.go files, do not count)", goarch)
		}
		return nil, err
	}
	return pkg, nil
}
