// Command prepare is run by go-handoff's build (src/compile) to turn a
// function folder into a Go build. It prints the plan as JSON on stdout, or
// the reason it cannot on stderr (exit status 1).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/go-handoff/go-handoff/internal/prepare"
)

func main() {
	var req prepare.Request
	flag.StringVar(&req.Source, "src", "", "the function folder (read only)")
	flag.StringVar(&req.Work, "work", "", "the folder to build in (replaced)")
	flag.StringVar(&req.SDK, "sdk", "", "the SDK's module folder")
	flag.StringVar(&req.GOARCH, "goarch", "amd64", "the architecture to build for")
	flag.StringVar(&req.Target, "target", "", "the function the user named (--target), checked at build time and served when the host names none")
	flag.Parse()
	if req.Source == "" || req.Work == "" || req.SDK == "" {
		fmt.Fprintln(os.Stderr, "usage: prepare -src <function folder> -work <build folder> -sdk <sdk folder> [-goarch amd64] [-target Name]")
		os.Exit(2)
	}
	plan, err := prepare.Prepare(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	json.NewEncoder(os.Stdout).Encode(plan)
}
