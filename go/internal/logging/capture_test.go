package logging

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The capture rearranges the process's own descriptors: each case runs in
// a child process, which re-runs this test binary.
const childCase = "GO_HANDOFF_LOGGING_CHILD"

func TestMain(m *testing.M) {
	if name := os.Getenv(childCase); name != "" {
		runChild(name)
		return
	}
	if name := os.Getenv(costChild); name != "" {
		runCostChild(name)
		return
	}
	os.Exit(m.Run())
}

func runChild(name string) {
	if err := Install(Settings{Format: JSON, Project: "p"}); err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
		os.Exit(3)
	}
	// Garbage collection must not close the capture's sockets (an *os.File
	// nobody holds closes its descriptor when collected).
	runtime.GC()
	runtime.GC()
	fmt.Println("plain stdout line")
	fmt.Fprintln(os.Stderr, "plain stderr line")
	log.Println("from the log package")
	slog.Warn("from slog", "n", 1)
	fmt.Println(`{"message":"already structured","custom":true}`)
	switch name {
	case "flush":
		Flush(2 * time.Second)
	case "exit":
		fmt.Println("just before os.Exit")
		os.Exit(7)
	case "crash":
		fmt.Println("just before the crash")
		done := make(chan struct{})
		go func() { panic("the crash itself") }()
		<-done
	}
}

type childOutput struct {
	entries []map[string]any
	raw     []string // lines that are not JSON
	code    int
}

func runCase(t *testing.T, name string) childOutput {
	t.Helper()
	self, _ := os.Executable()
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), childCase+"="+name)
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The drain helper may write after the child ends: read to EOF on both.
	lines := make(chan string)
	for _, r := range []io.Reader{stdout, stderr} {
		go func() {
			scanner := bufio.NewScanner(r)
			scanner.Buffer(make([]byte, 1<<20), 1<<20)
			for scanner.Scan() {
				lines <- scanner.Text()
			}
			lines <- "\x00eof"
		}()
	}
	var out childOutput
	for eofs := 0; eofs < 2; {
		line := <-lines
		if line == "\x00eof" {
			eofs++
			continue
		}
		var entry map[string]any
		if json.Unmarshal([]byte(line), &entry) == nil {
			out.entries = append(out.entries, entry)
		} else {
			out.raw = append(out.raw, line)
		}
	}
	err := cmd.Wait()
	if exit, ok := err.(*exec.ExitError); ok {
		out.code = exit.ExitCode()
	}
	return out
}

func (o childOutput) find(message string) map[string]any {
	for _, e := range o.entries {
		if e["message"] == message {
			return e
		}
	}
	return nil
}

func TestCaptureTurnsEveryLineIntoJSON(t *testing.T) {
	out := runCase(t, "flush")
	if len(out.raw) != 0 || out.code != 0 {
		t.Errorf("raw lines %q, exit %d", out.raw, out.code)
	}
	for message, severity := range map[string]string{
		"plain stdout line": "INFO", "plain stderr line": "ERROR", "from the log package": "INFO", "from slog": "WARNING",
	} {
		entry := out.find(message)
		if entry == nil || entry["severity"] != severity {
			t.Errorf("%q: got %v, want severity %s (all: %v)", message, entry, severity, out.entries)
		}
	}
	if entry := out.find("already structured"); entry == nil || entry["custom"] != true || entry["severity"] != "INFO" {
		t.Errorf("a JSON line from the program: got %v", entry)
	}
}

func TestLinesBeforeAnExitOrACrashAreNotLost(t *testing.T) {
	exited := runCase(t, "exit")
	if exited.code != 7 {
		t.Errorf("exit code %d", exited.code)
	}
	if exited.find("just before os.Exit") == nil && !contains(exited.raw, "just before os.Exit") {
		t.Errorf("the line before os.Exit was lost: %v %q", exited.entries, exited.raw)
	}
	crashed := runCase(t, "crash")
	if crashed.code != 2 {
		t.Errorf("exit code %d", crashed.code)
	}
	if crashed.find("just before the crash") == nil && !contains(crashed.raw, "just before the crash") {
		t.Errorf("the line before the crash was lost: %v %q", crashed.entries, crashed.raw)
	}
	if !contains(crashed.raw, "panic: the crash itself") && crashed.find("panic: the crash itself") == nil {
		t.Errorf("the crash report was lost: %q", crashed.raw)
	}
}

func contains(lines []string, text string) bool {
	for _, l := range lines {
		if strings.Contains(l, text) {
			return true
		}
	}
	return false
}
