package handoff

import (
	"context"
	"fmt"
	"os"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/lambda"
)

// startLambda serves function through the Lambda Runtime API, in place of
// the HTTP server, and exits when the loop must stop. On Lambda the process
// never stops on its own: Lambda freezes it between invocations and ends it.
func startLambda(function any) {
	address := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	client := lambda.NewClient(address, nil)
	adapted, err := contract.Adapt(function)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
		if err := client.ReportInitError(lambda.InitErrorReport(err)); err != nil {
			fmt.Fprintf(os.Stderr, "go-handoff: reporting the init error to Lambda: %v\n", err)
		}
		os.Exit(2)
	}
	contentType := "application/json"
	if adapted.Contract == contract.Bytes {
		contentType = "application/octet-stream"
	}
	fmt.Fprintf(os.Stderr, "go-handoff: serving %s invocations from the Lambda Runtime API at %s (pid %d)\n", adapted.Contract, address, os.Getpid())
	err = lambda.Run(context.Background(), lambda.Config{
		Client:      client,
		Function:    adapted,
		ContentType: contentType,
		Identity:    invocation.ThisFunction,
		Env:         lambda.ProcessEnvironment,
	})
	fmt.Fprintf(os.Stderr, "go-handoff: %v\n", err)
	os.Exit(1)
}
