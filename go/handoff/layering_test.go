package handoff

import (
	"go/build"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Packages depend one way: handoff, handoffimpl and the compatibility
// packages on internal/, never back (the types internal/ gives functions are
// declared in internal/api, and handoff's are aliases of them).
func TestInternalPackagesImportNoPublicOne(t *testing.T) {
	const module = "github.com/go-handoff/go-handoff/"
	public := []string{module + "handoff", module + "handoffimpl", module + "compat/"}
	checked := 0
	err := filepath.WalkDir("../internal", func(dir string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		pkg, err := build.ImportDir(dir, 0)
		if _, none := err.(*build.NoGoError); none {
			return nil
		} else if err != nil {
			return err
		}
		checked++
		for _, imports := range [][]string{pkg.Imports, pkg.TestImports, pkg.XTestImports} {
			for _, path := range imports {
				for _, p := range public {
					if path == p || strings.HasPrefix(path, p+"/") || strings.HasSuffix(p, "/") && strings.HasPrefix(path, p) {
						t.Errorf("%s imports %s", dir, path)
					}
				}
			}
		}
		return nil
	})
	if err != nil || checked < 10 {
		t.Fatalf("walked %d packages of ../internal: %v", checked, err)
	}
}
