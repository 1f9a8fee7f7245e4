package logging

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// What a log line costs, each way a function can write one, against
// fmt.Println on a plain standard output. Not a unit test: it runs only when
// asked (make bench-logging, or GO_HANDOFF_LOG_COST=<rounds> go test -run
// TestLogCost -v ./internal/logging) and prints a table for docs/logging.md.
//
// Each sample is a child process (this test binary again) that writes
// costLines lines to a standard output and error that are pipes, drained
// by this process as a host would. The child measures itself around the
// loop: the wall time, and its own CPU time (user + system, getrusage),
// which counts the work of every goroutine it runs, a reader's included,
// and holds up better than the wall time when the machine is busy. The
// variants run in turn, in an order rotated each round; a ratio is the
// median over rounds of the ratio within a round.
const (
	costEnv   = "GO_HANDOFF_LOG_COST"
	costChild = "GO_HANDOFF_LOG_COST_CHILD"
	costLines = 50_000
)

// costMessage is a line of a typical length.
const costMessage = "order 4711 accepted: 3 items, 129.90 EUR, shipping to Lyon"

// costVariant is one way of writing a line: setup runs before the
// measurement, line writes one line.
type costVariant struct {
	name, what string
	setup      func() context.Context
	line       func(ctx context.Context)
}

var costInvocation = &invocation.Info{ExecutionID: "4f1c2d3e-0b9a-4c8d-9e7f-6a5b4c3d2e1f", Trace: "105445aa7843bc8bf206b120001000"}

func withCostInvocation() context.Context {
	return invocation.With(context.Background(), costInvocation)
}

var costVariants = []costVariant{
	{
		name: "plain", what: "`fmt.Println` to standard output, nothing installed (the baseline)",
		setup: context.Background,
		line:  func(_ context.Context) { fmt.Println(costMessage) },
	},
	{
		name: "slog-json", what: "`slog.InfoContext(ctx, ...)`, JSON format (Cloud Functions)",
		setup: func() context.Context { mustInstall(JSON); return withCostInvocation() },
		line:  func(ctx context.Context) { slog.InfoContext(ctx, costMessage) },
	},
	{
		name: "logger-json", what: "`handoff.Logger(ctx).Info(...)`, a new logger for each line, JSON format",
		setup: func() context.Context { mustInstall(JSON); return withCostInvocation() },
		line: func(ctx context.Context) {
			info, _ := invocation.From(ctx)
			slog.New(DefaultHandler().Bound(info)).Info(costMessage)
		},
	},
	{
		name: "log-json", what: "`log.Print`, JSON format (no context: no id)",
		setup: func() context.Context { mustInstall(JSON); return context.Background() },
		line:  func(_ context.Context) { log.Print(costMessage) },
	},
	{
		name: "slog-lambda-json", what: "`slog.InfoContext(ctx, ...)`, Lambda's JSON format",
		setup: func() context.Context { mustInstall(LambdaJSON); return withCostInvocation() },
		line:  func(ctx context.Context) { slog.InfoContext(ctx, costMessage) },
	},
	{
		name: "slog-text", what: "`slog.InfoContext(ctx, ...)`, text format (elsewhere, Lambda)",
		setup: func() context.Context { mustInstall(Text); return withCostInvocation() },
		line:  func(ctx context.Context) { slog.InfoContext(ctx, costMessage) },
	},
	{
		name: "log-text", what: "`log.Print`, text format (no context: no id)",
		setup: func() context.Context { mustInstall(Text); return context.Background() },
		line:  func(_ context.Context) { log.Print(costMessage) },
	},
}

func mustInstall(format Format) {
	Install(Settings{Format: format, Level: slog.LevelInfo, Project: "my-project"})
}

// costSample is what a child reports on fd 3.
type costSample struct {
	WallNs, CPUNs int64
}

// runCostChild is the child's side: one variant, measured.
func runCostChild(name string) {
	i := slices.IndexFunc(costVariants, func(v costVariant) bool { return v.name == name })
	if i < 0 {
		fmt.Fprintln(os.Stderr, "no variant", name)
		os.Exit(3)
	}
	v := costVariants[i]
	ctx := v.setup()
	report := os.NewFile(3, "report")
	cpu0, wall0 := processCPU(), time.Now()
	for i := 0; i < costLines; i++ {
		v.line(ctx)
	}
	wall, cpu := time.Since(wall0), processCPU()-cpu0
	_ = json.NewEncoder(report).Encode(costSample{WallNs: wall.Nanoseconds(), CPUNs: cpu.Nanoseconds()})
	report.Close()
	os.Exit(0)
}

func processCPU() time.Duration {
	var usage syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &usage)
	return time.Duration(usage.Utime.Nano() + usage.Stime.Nano())
}

// costRun runs one child and checks that every line reached the pipes.
func costRun(t *testing.T, name string) costSample {
	self, _ := os.Executable()
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), costChild+"="+name, "K_SERVICE=", "FUNCTION_TARGET=")
	reportRead, reportWrite, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.ExtraFiles = []*os.File{reportWrite}
	stdout, _ := cmd.StdoutPipe()
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reportWrite.Close()
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i, r := range []io.Reader{stdout, stderr} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts[i] = countLines(r)
		}()
	}
	var sample costSample
	decodeErr := json.NewDecoder(reportRead).Decode(&sample)
	wg.Wait()
	if err := cmd.Wait(); err != nil || decodeErr != nil {
		t.Fatalf("%s: %v %v", name, err, decodeErr)
	}
	if got := counts[0] + counts[1]; got < costLines {
		t.Fatalf("%s: %d lines reached the pipes, want %d", name, got, costLines)
	}
	return sample
}

func countLines(r io.Reader) int {
	buf := make([]byte, 256<<10)
	n := 0
	for {
		read, err := r.Read(buf)
		n += strings.Count(string(buf[:read]), "\n")
		if err != nil {
			return n
		}
	}
}

func TestLogCost(t *testing.T) {
	if os.Getenv(costEnv) == "" {
		t.Skip("a measurement, not a test: set " + costEnv + "=1 (make bench-logging)")
	}
	rounds := 9
	if n, err := strconv.Atoi(os.Getenv(costEnv)); err == nil && n > 0 {
		rounds = n
	}
	samples := map[string][]costSample{}
	started := time.Now()
	for round := 0; round < rounds; round++ {
		for k := range costVariants {
			v := costVariants[(k+round)%len(costVariants)]
			samples[v.name] = append(samples[v.name], costRun(t, v.name))
		}
	}
	perLine := func(ns int64) float64 { return float64(ns) / costLines }
	ratios := func(name string, of func(costSample) int64) float64 {
		var r []float64
		for i, s := range samples[name] {
			r = append(r, float64(of(s))/float64(of(samples["plain"][i])))
		}
		return median(r)
	}
	cpu := func(s costSample) int64 { return s.CPUNs }
	wall := func(s costSample) int64 { return s.WallNs }
	var out strings.Builder
	fmt.Fprintf(&out, "%d rounds of %d lines per variant, %s, %s\n\n", rounds, costLines, time.Now().UTC().Format("2006-01-02"), time.Since(started).Round(time.Second))
	fmt.Fprintln(&out, "| variant | CPU ns/line | × plain | wall ns/line | × plain |")
	fmt.Fprintln(&out, "|---|---|---|---|---|")
	for _, v := range costVariants {
		var c, w []float64
		for _, s := range samples[v.name] {
			c, w = append(c, perLine(s.CPUNs)), append(w, perLine(s.WallNs))
		}
		fmt.Fprintf(&out, "| %s | %.0f | %.2f | %.0f | %.2f |\n", v.what, median(c), ratios(v.name, cpu), median(w), ratios(v.name, wall))
	}
	t.Log("\n" + out.String())
}

func median(values []float64) float64 {
	sorted := slices.Clone(values)
	sort.Float64s(sorted)
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}
