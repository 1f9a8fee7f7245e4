package prepare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// SDKModule is this SDK's module path, which every function's go.mod is made
// to require and to replace with the SDK's folder.
const SDKModule = "github.com/go-handoff/go-handoff"

// generatedModule names the module of a function folder that has no go.mod.
const generatedModule = "function"

// sdkLink is where the build folder reaches the SDK. The go.mod replace
// directive ends up in the binary's build information: a fixed relative path
// keeps the binary the same wherever the SDK and the build folder are.
const sdkLink = "./.go-handoff-sdk"

// ffgoStandIn is the SDK's stand-in for functions-framework-go, a module
// of its own inside the SDK's folder.
const ffgoStandIn = sdkLink + "/compat/functions-framework-go"

// goCommand runs the go command in dir, isolated from any go.work around it.
func goCommand(dir string, args ...string) ([]byte, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return out, fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// ensureModule gives the build folder a go.mod (a function may come without
// one) and returns the module's path.
func ensureModule(work string) (string, error) {
	if _, err := os.Stat(filepath.Join(work, "go.mod")); os.IsNotExist(err) {
		if _, err := goCommand(work, "mod", "init", generatedModule); err != nil {
			return "", err
		}
	}
	out, err := goCommand(work, "mod", "edit", "-json")
	if err != nil {
		return "", fmt.Errorf("reading go.mod: %w", err)
	}
	var mod struct{ Module struct{ Path string } }
	if err := json.Unmarshal(out, &mod); err != nil {
		return "", fmt.Errorf("reading go.mod: %w", err)
	}
	return mod.Module.Path, nil
}

// requireSDK points the module at this SDK and resolves every dependency (go
// mod tidy), as a platform that "resolves dependencies at build time" does.
func requireSDK(work, modulePath, sdkDir string) error {
	absSDK, err := filepath.Abs(sdkDir)
	if err != nil {
		return err
	}
	if modulePath != SDKModule {
		if err := os.Symlink(absSDK, filepath.Join(work, sdkLink)); err != nil {
			return fmt.Errorf("linking the SDK into the build folder: %w", err)
		}
		// A relative replace in the user's go.mod would point nowhere from here.
		// functions-framework-go's import path goes to the SDK's stand-in
		// for it (a module of its own, the same API over go-handoff's
		// server), whatever version the user's go.mod requires: unused, the
		// replace changes nothing.
		if _, err := goCommand(work, "mod", "edit",
			"-require="+SDKModule+"@v0.0.0",
			"-replace="+SDKModule+"="+sdkLink,
			"-replace="+ffgoModule+"="+ffgoStandIn); err != nil {
			return err
		}
	}
	if _, err := goCommand(work, "mod", "tidy"); err != nil {
		return fmt.Errorf("resolving the function's dependencies: %w", err)
	}
	return nil
}
