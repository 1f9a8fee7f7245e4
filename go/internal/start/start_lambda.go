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
	streaming := ""
	if mode == lambda.ResponseStream {
		streaming = ", streaming its answers (" + lambda.InvokeModeEnv + "=" + mode.String() + ")"
	}
	logging.SDK(logging.Info, "serving %s invocations from the Lambda Runtime API at %s%s (pid %d)", adapted.Contract, address, streaming, os.Getpid())
	err = lambda.Run(context.Background(), lambda.Config{
		Client:      client,
		Function:    adapted,
		ContentType: contentType,
		Identity:    invocation.ThisFunction,
		Env:         lambda.ProcessEnvironment,
		InvokeMode:  mode,
	})
	logging.SDK(logging.Critical, "%v", err)
	os.Exit(1)
}
