package handoff_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/go-handoff/go-handoff/handoff"
)

// The platform mounts each secret as a folder, one file per key. A test
// points GO_HANDOFF_SECRETS_DIR at a folder of its own.
func ExampleSecret() {
	dir, err := os.MkdirTemp("", "secrets")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	os.Mkdir(filepath.Join(dir, "db"), 0o700)
	os.WriteFile(filepath.Join(dir, "db", "password"), []byte("correct horse"), 0o600)
	os.Setenv(handoff.SecretsDirVariable, dir)
	defer os.Unsetenv(handoff.SecretsDirVariable)

	password, err := handoff.Secret("db", "password")
	fmt.Printf("%q %v\n", password, err)
	_, err = handoff.Secret("../db", "password")
	fmt.Println(err)
	// Output:
	// "correct horse" <nil>
	// handoff: secret name "../db" is not allowed: it must be a single file name, without '/' or '..'
}
