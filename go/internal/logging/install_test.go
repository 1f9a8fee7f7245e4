package logging

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Install changes the process's slog and log defaults: each case runs in a
// child process, which re-runs this test binary.
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
	format, name, _ := strings.Cut(name, "/")
	before := stdioIdentity()
	Install(Settings{Format: map[string]Format{"json": JSON, "lambda": LambdaJSON, "text": Text}[format], Level: slog.LevelInfo, Project: "p"})
	if after := stdioIdentity(); after != before {
		fmt.Printf("Install changed the standard descriptors: %s, then %s\n", before, after)
	}
	if children := childProcesses(); children != "" {
		fmt.Printf("Install started processes: %s\n", children)
	}
	ctx := invocation.With(context.Background(), &invocation.Info{ExecutionID: "exec-1", Trace: "trace-1"})
	fmt.Println("plain stdout line")
	fmt.Fprintln(os.Stderr, "plain stderr line")
	log.Println("from the log package")
	slog.Warn("from slog", "n", 1)
	slog.InfoContext(ctx, "from slog with a context")
	switch name {
	case "exit":
		slog.InfoContext(ctx, "just before os.Exit")
		os.Exit(7)
	case "crash":
		slog.InfoContext(ctx, "just before the crash")
		done := make(chan struct{})
		go func() { panic("the crash itself") }()
		<-done
	case "fatal":
		fmt.Println("just before log.Fatal")
		log.Fatal("giving up")
	}
}

// stdioIdentity names the files behind descriptors 1 and 2.
func stdioIdentity() string {
	var out, err syscall.Stat_t
	_ = syscall.Fstat(1, &out)
	_ = syscall.Fstat(2, &err)
	return fmt.Sprintf("1=%d:%d 2=%d:%d", out.Dev, out.Ino, err.Dev, err.Ino)
}

// childProcesses lists the process's children, from every thread's list.
func childProcesses() string {
	lists, _ := filepath.Glob("/proc/self/task/*/children")
	var all []string
	for _, list := range lists {
		b, _ := os.ReadFile(list)
		all = append(all, strings.Fields(string(b))...)
	}
	return strings.Join(all, " ")
}

type childOutput struct {
	stdout, stderr []string
	code           int
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
	var out childOutput
	done := make(chan struct{})
	go func() { out.stderr = readLines(stderr); close(done) }()
	out.stdout = readLines(stdout)
	<-done
	err := cmd.Wait()
	if exit, ok := err.(*exec.ExitError); ok {
		out.code = exit.ExitCode()
	}
	for _, line := range append(out.stdout, out.stderr...) {
		if strings.HasPrefix(line, "Install ") {
			t.Error(line)
		}
	}
	return out
}

func readLines(r io.Reader) []string {
	var lines []string
	scanner := bufio.NewScanner(r)
	for scanner.Scan() {
		lines = append(lines, scanner.Text())
	}
	return lines
}

// entry is the JSON entry among lines whose message is message; nil if none.
func entry(lines []string, message string) map[string]any {
	for _, line := range lines {
		var e map[string]any
		if json.Unmarshal([]byte(line), &e) == nil && e["message"] == message {
			return e
		}
	}
	return nil
}

func has(lines []string, text string) bool {
	for _, line := range lines {
		if strings.Contains(line, text) {
			return true
		}
	}
	return false
}

func TestJSONFormat(t *testing.T) {
	out := runCase(t, "json/")
	if out.code != 0 {
		t.Fatalf("exit code %d: %q %q", out.code, out.stdout, out.stderr)
	}
	// What fmt writes goes out as it is, on its own stream.
	if !has(out.stdout, "plain stdout line") || entry(out.stdout, "plain stdout line") != nil {
		t.Errorf("the fmt line on stdout: %q", out.stdout)
	}
	if len(out.stderr) != 1 || out.stderr[0] != "plain stderr line" {
		t.Errorf("stderr: got %q, want only the fmt line", out.stderr)
	}
	for message, severity := range map[string]string{"from the log package": "INFO", "from slog": "WARNING", "from slog with a context": "INFO"} {
		if e := entry(out.stdout, message); e == nil || e["severity"] != severity {
			t.Errorf("%q: got %v, want a JSON entry of severity %s on stdout", message, e, severity)
		}
	}
	// Only the line logged with a context carries an id.
	withContext := entry(out.stdout, "from slog with a context")
	if labels, _ := withContext["logging.googleapis.com/labels"].(map[string]any); labels["execution_id"] != "exec-1" || withContext["logging.googleapis.com/trace"] != "projects/p/traces/trace-1" {
		t.Errorf("the line logged with a context: %v", withContext)
	}
	for _, message := range []string{"from the log package", "from slog"} {
		if e := entry(out.stdout, message); e["logging.googleapis.com/labels"] != nil || e["logging.googleapis.com/trace"] != nil {
			t.Errorf("%q, logged without a context, carries an id: %v", message, e)
		}
	}
}

func TestLambdaJSONFormat(t *testing.T) {
	out := runCase(t, "lambda/")
	if len(out.stderr) != 1 || out.stderr[0] != "plain stderr line" || !has(out.stdout, "plain stdout line") {
		t.Errorf("the fmt lines: stdout %q, stderr %q", out.stdout, out.stderr)
	}
	for message, level := range map[string]string{"from the log package": "INFO", "from slog": "WARN", "from slog with a context": "INFO"} {
		e := entry(out.stdout, message)
		if e == nil || e["level"] != level || e["timestamp"] == nil {
			t.Errorf("%q: got %v, want an entry of level %s on stdout", message, e, level)
		}
		if want := map[bool]any{true: "exec-1", false: nil}[message == "from slog with a context"]; e["requestId"] != want {
			t.Errorf("%q: requestId %v, want %v", message, e["requestId"], want)
		}
	}
}

func TestTextFormat(t *testing.T) {
	out := runCase(t, "text/")
	if len(out.stdout) != 1 || out.stdout[0] != "plain stdout line" {
		t.Errorf("stdout: got %q, want only the fmt line", out.stdout)
	}
	want := []string{"plain stderr line", "Z from the log package", "Z WARNING from slog n=1", "Z exec-1 from slog with a context"}
	if len(out.stderr) != len(want) {
		t.Fatalf("stderr: got %q", out.stderr)
	}
	for i, line := range out.stderr {
		if !strings.HasSuffix(line, want[i]) {
			t.Errorf("stderr line %d: got %q, want it to end %q", i, line, want[i])
		}
	}
}

// Every line is written before the call that writes it returns: what was
// logged before an os.Exit, a crash or log.Fatal is out already.
func TestLinesBeforeAnExitOrACrashAreNotLost(t *testing.T) {
	exited := runCase(t, "json/exit")
	if exited.code != 7 || entry(exited.stdout, "just before os.Exit") == nil {
		t.Errorf("exit code %d, stdout %q", exited.code, exited.stdout)
	}
	crashed := runCase(t, "json/crash")
	if crashed.code != 2 || entry(crashed.stdout, "just before the crash") == nil || !has(crashed.stderr, "panic: the crash itself") {
		t.Errorf("exit code %d, stdout %q, stderr %q", crashed.code, crashed.stdout, crashed.stderr)
	}
	fatal := runCase(t, "text/fatal")
	if fatal.code != 1 || !has(fatal.stdout, "just before log.Fatal") || !has(fatal.stderr, "Z giving up") {
		t.Errorf("exit code %d, stdout %q, stderr %q", fatal.code, fatal.stdout, fatal.stderr)
	}
}
