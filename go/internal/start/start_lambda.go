package start

import (
	"context"
	"os"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/lambda"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// startLambda serves function through the Lambda Runtime API, in place of
// the HTTP server, and exits when the loop must stop. On Lambda the process
// never stops on its own: Lambda freezes it between invocations and ends it.
// On Lambda Managed Instances it serves AWS_LAMBDA_MAX_CONCURRENCY
// invocations at once.
func startLambda(function any) {
	address := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	client := lambda.NewClient(address)
	adapted, err := contract.Adapt(function)
	var mode lambda.InvokeMode
	if err == nil {
		mode, err = lambda.InvokeModeFrom(os.Getenv)
	}
	if err != nil {
		logging.SDK(logging.Critical, "%v", err)
		if err := client.ReportInitError(lambda.InitErrorReport(err)); err != nil {
			logging.SDK(logging.Error, "reporting the init error to Lambda: %v", err)
		}
		os.Exit(2)
	}
	contentType := "application/json"
	if adapted.Contract == contract.Bytes {
		contentType = "application/octet-stream"
	}
	concurrency, err := lambda.MaxConcurrency(os.Getenv)
	if err != nil {
		logging.SDK(logging.Warning, "%v", err)
	}
	streaming := ""
	if mode == lambda.ResponseStream {
		streaming = ", streaming its answers (" + lambda.InvokeModeEnv + "=" + mode.String() + ")"
	}
	logging.SDK(logging.Info, "serving %s invocations from the Lambda Runtime API at %s (pid %d), %d at a time%s", adapted.Contract, address, os.Getpid(), concurrency, streaming)
	err = lambda.Run(context.Background(), lambda.Config{
		Client:      client,
		Function:    adapted,
		ContentType: contentType,
		Identity:    invocation.ThisFunction,
		Env:         lambda.ProcessEnvironment,
		InvokeMode:  mode,
		Concurrency: concurrency,
		Pipeline:    lambda.ManagedInstances(os.Getenv),
	})
	logging.SDK(logging.Critical, "%v", err)
	os.Exit(1)
}
