package handoff

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DefaultSecretsDir is where the platform mounts secrets, one folder per
// secret and one file per key: <dir>/<name>/<key>.
const DefaultSecretsDir = "/var/faas/secrets"

// SecretsDirVariable overrides DefaultSecretsDir (for local runs and tests).
const SecretsDirVariable = "GO_HANDOFF_SECRETS_DIR"

// Secret reads the value of key in the secret called name, from
// <dir>/<name>/<key>. Names and keys that would reach outside the secret's
// folder (a path separator, "." or "..") are refused.
func Secret(name, key string) ([]byte, error) {
	for _, part := range []struct{ what, value string }{{"name", name}, {"key", key}} {
		if part.value == "" || part.value == "." || part.value == ".." || strings.ContainsAny(part.value, `/\`) || strings.Contains(part.value, "..") {
			return nil, fmt.Errorf("handoff: secret %s %q is not allowed: it must be a single file name, without '/' or '..'", part.what, part.value)
		}
	}
	dir := os.Getenv(SecretsDirVariable)
	if dir == "" {
		dir = DefaultSecretsDir
	}
	value, err := os.ReadFile(filepath.Join(dir, name, key))
	if err != nil {
		return nil, fmt.Errorf("handoff: reading secret %s, key %s: %w", name, key, err)
	}
	return value, nil
}
