package start

import (
	"net/http"
	"os"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/lambda"
	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/schema"
	"github.com/go-handoff/go-handoff/internal/server"
)

// Serve is handoff.Start, documented there: it serves function until the
// process is asked to stop, then returns; on Lambda it runs the Runtime API
// loop and never returns. A function it cannot serve, a malformed setting
// or no socket to be had ends the process, saying why.
func Serve(function any) {
	if lambda.Hosted(os.Getenv) {
		startLambda(function) // never returns
	}
	settings, err := settingsFromEnv(os.Getenv)
	if err != nil {
		exit(2, "%v", err)
	}
	handler, err := handlerFor(function, settings)
	if err != nil {
		exit(2, "%v", err)
	}
	err = server.Run(server.Config{
		Handler:           handler,
		LegacyRoutes:      os.Getenv(schema.EnvHost) == schema.HostLazy,
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

// Handler is handoff.NewHandler: what Serve serves for function, under the
// same settings, for a test to call without a server.
func Handler(function any) (http.Handler, error) {
	settings, err := settingsFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return handlerFor(function, settings)
}

// handlerFor adapts function to its contract and serves each request as an
// invocation with the settings' timeout and body limit.
func handlerFor(function any, settings settings) (http.Handler, error) {
	adapted, err := contract.Adapt(function)
	if err != nil {
		return nil, err
	}
	contract.MaxBodyBytes.Store(settings.maxBodyBytes)
	contract.TimeoutSource.Store(&settings.timeoutSource)
	return contract.WithInvocation(adapted.Handler, settings.timeout), nil
}

// exit reports why the function cannot run and ends the process.
func exit(code int, format string, args ...any) {
	logging.SDK(logging.Critical, format, args...)
	os.Exit(code)
}
