package handoff

import (
	"os"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/lambda"
	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/server"
)

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
// logs its stack; the process goes on serving. A panic after a net/http
// function wrote an error status (500 or more) that has not left yet sends
// that answer; after any other answer had begun, the connection is aborted.
// An invocation that overruns the function's timeout (FUNCTION_TIMEOUT_SEC,
// CLOUD_RUN_TIMEOUT_SECONDS or GO_HANDOFF_TIMEOUT; 60 seconds by default)
// has its context cancelled and is answered 504 at once.
//
// A request answered before its body was read (413 for a body over
// GO_HANDOFF_MAX_BODY_BYTES, 504) keeps its connection open while the rest
// of the body is read and thrown away, up to GO_HANDOFF_DRAIN_BYTES (128 MiB)
// and GO_HANDOFF_DRAIN_TIME (5 seconds), so that clients that send the whole
// body before reading, such as Python's http.client, read the answer.
//
// Slow and idle clients are bounded: a keep-alive connection closes after 5
// seconds idle (GO_HANDOFF_IDLE_TIMEOUT); a body may keep the server waiting
// 20 seconds plus one second per 500 bytes it brings (GO_HANDOFF_BODY_TIMEOUT,
// GO_HANDOFF_BODY_MIN_RATE), after which reading it fails and the client gets
// 408; past GO_HANDOFF_MAX_CONNECTIONS connections, the ones idle longest are
// closed. A request with both Content-Length and Transfer-Encoding is
// refused with 400. docs/connections.md has the details.
//
// On SIGTERM or SIGINT, Start stops accepting, lets in-flight requests
// finish (up to 9 seconds, GO_HANDOFF_SHUTDOWN_GRACE), runs the OnShutdown
// hooks, flushes the logs and returns.
//
// If function has a type Start cannot serve, a setting is malformed, or no
// socket can be had, Start says why and exits with status 2 or 1.
//
// On AWS Lambda (AWS_LAMBDA_RUNTIME_API set, no socket passed) Start serves
// the Runtime API instead, and never returns; see the package documentation.
func Start(function any) {
	if lambda.Hosted(os.Getenv) {
		startLambda(function) // never returns
	}
	settings, err := settingsFromEnv(os.Getenv)
	if err != nil {
		exit(2, "%v", err)
	}
	adapted, err := contract.Adapt(function)
	if err != nil {
		exit(2, "%v", err)
	}
	contract.MaxBodyBytes.Store(settings.maxBodyBytes)
	contract.TimeoutSource = settings.timeoutSource
	err = server.Run(server.Config{
		Handler:           contract.WithInvocation(adapted.Handler, settings.timeout),
		LegacyRoutes:      os.Getenv("GO_HANDOFF_HOST") == "lazy",
		EmulatorHealth:    os.Getenv("FUNCTIONS_EMULATOR") == "true",
		ReadHeaderTimeout: settings.readHeaderTimeout,
		IdleTimeout:       settings.idleTimeout,
		Body:              settings.body,
		MaxConnections:    settings.maxConnections,
		ShutdownGrace:     settings.shutdownGrace,
		Drain:             settings.drain,
		OnShutdown:        runShutdownHooks,
	})
	if err != nil {
		exit(1, "%v", err)
	}
}

// exit reports why the function cannot run and ends the process.
func exit(code int, format string, args ...any) {
	logging.SDK(logging.Critical, format, args...)
	os.Exit(code)
}
