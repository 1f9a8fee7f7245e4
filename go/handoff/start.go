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
// function is one of:
//
//	http.Handler, func(http.ResponseWriter, *http.Request)      net/http
//	func(ctx context.Context, in In) (Out, error)                  typed JSON
//	func(payload []byte, ctx *handoff.Context) ([]byte, error)     bytes
//	func(ctx context.Context, e handoff.Event) error               events
//
// Typed functions follow the rules of aws-lambda-go and the eawsy shim: at
// most two arguments (a context.Context and/or a *Context, and one input of
// any type, decoded from the JSON body), returning (Out, error), error, or
// Out. An error answers HTTP 500 with {"errorMessage", "errorType"}; a
// body that is not valid JSON for In answers 400.
//
// Bytes functions get the raw body and answer their result verbatim as
// application/octet-stream; an error answers 500 with {"error": "..."}.
//
// A panic in any function answers 500 (with X-Google-Status: crash) and
// logs its stack; the process goes on serving.
//
// If function has a type Start cannot serve, or no socket can be had, Start
// says why on standard error and exits with status 2 or 1.
func Start(function any) {
	adapted, err := contract.Adapt(function)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
		os.Exit(2)
	}
	err = server.Run(server.Config{
		Handler:       contract.WithInvocation(adapted.Handler, 0),
		LegacyRoutes:  os.Getenv("GO_HANDOFF_HOST") == "lazy",
		ShutdownGrace: shutdownGrace,
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
		os.Exit(1)
	}
}
