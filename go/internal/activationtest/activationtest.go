// Package activationtest starts a test binary again as a socket-activated
// child, the way go-handoff's addon execs the Go binary: the files at fd 3
// on, LISTEN_FDS and LISTEN_FDNAMES set, and LISTEN_PID set by a shell that
// then execs, keeping its pid (the parent cannot know the child's pid
// before it starts).
package activationtest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// Command returns the test binary, to be run as a child with files passed
// under names, and env added to the environment. The caller starts it; it
// is killed when the test ends.
func Command(t *testing.T, env []string, names []string, files ...*os.File) *exec.Cmd {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("/bin/sh", "-c", `LISTEN_PID=$$ exec "$0"`, self)
	cmd.Env = append(os.Environ(), env...)
	cmd.Env = append(cmd.Env, "LISTEN_FDS="+strconv.Itoa(len(files)), "LISTEN_FDNAMES="+strings.Join(names, ":"))
	cmd.ExtraFiles = files
	cmd.Stderr = os.Stderr
	t.Cleanup(func() {
		if cmd.Process != nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}
