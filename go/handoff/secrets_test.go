package handoff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "db-credentials"), 0o700)
	os.WriteFile(filepath.Join(dir, "db-credentials", "username"), []byte("ada"), 0o600)
	t.Setenv(SecretsDirVariable, dir)

	value, err := Secret("db-credentials", "username")
	if err != nil || string(value) != "ada" {
		t.Errorf("got %q, %v", value, err)
	}
	if _, err := Secret("db-credentials", "password"); err == nil || !strings.Contains(err.Error(), "reading secret db-credentials, key password") {
		t.Errorf("missing key: got %v", err)
	}
	for _, bad := range [][2]string{{"../etc", "passwd"}, {"a/b", "k"}, {"..", "k"}, {"name", "../../x"}, {"name", "."}, {"", "k"}, {"n", `a\b`}} {
		if _, err := Secret(bad[0], bad[1]); err == nil || !strings.Contains(err.Error(), "is not allowed") {
			t.Errorf("Secret(%q, %q) = %v, want a refusal", bad[0], bad[1], err)
		}
	}
}

func TestSecretDefaultsToTheFaaSFolder(t *testing.T) {
	t.Setenv(SecretsDirVariable, "")
	_, err := Secret("some-secret", "key")
	if err == nil || !strings.Contains(err.Error(), "/var/faas/secrets/some-secret/key") {
		t.Errorf("got %v", err)
	}
}
