package handoff

import (
	"fmt"
	"os"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/server"
)

// shutdownGrace is how long in-flight requests may run on after SIGTERM.
// Cloud Run and Cloud Functions send SIGKILL 10 seconds after SIGTERM.
const shutdownGrace = 9 * time.Second

// Start serves function until the process is asked to stop, then returns.
// function is an http.Handler or a func(http.ResponseWriter, *http.Request).
//
// If function has a type Start cannot serve, or no socket can be had, Start
// reports why on standard error and exits with status 2 or 1.
func Start(function any) {
	handler, err := contract.Adapt(function)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
		os.Exit(2)
	}
	err = server.Run(server.Config{
		Handler:       handler,
		LegacyRoutes:  os.Getenv("GO_HANDOFF_HOST") == "lazy",
		ShutdownGrace: shutdownGrace,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
		os.Exit(1)
	}
}
