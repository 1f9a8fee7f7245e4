package handoff_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/go-handoff/go-handoff/handoff"
)

// Any function finds the Context of its invocation in the context.Context
// it is given.
func ExampleFromContext() {
	whoAmI := func(ctx context.Context) (string, error) {
		c, ok := handoff.FromContext(ctx)
		if !ok {
			return "", errors.New("not called for an invocation")
		}
		return c.FunctionName + ", execution " + c.ExecutionID, nil
	}
	// A test gives it the context of an invocation.
	ctx := handoff.NewContext(context.Background(), &handoff.Context{ExecutionID: "exec-1", FunctionName: "whoami"})
	answer, _ := whoAmI(ctx)
	fmt.Println(answer)
	_, err := whoAmI(context.Background())
	fmt.Println(err)
	// Output:
	// whoami, execution exec-1
	// not called for an invocation
}

// A test gives a function the context.Context of an invocation as a host
// would: here a Lambda one, with the request id, the function's ARN and
// the client application's details.
func ExampleNewContext() {
	ctx := handoff.NewContext(context.Background(), &handoff.Context{
		AWSRequestID:       "c6af9ac6-7b61-11e6-9a41-93e812345678",
		InvokedFunctionARN: "arn:aws:lambda:eu-west-1:123456789012:function:greet",
		ClientContext:      handoff.ClientContext{Client: handoff.ClientApplication{AppTitle: "Greeter"}},
	})
	c, _ := handoff.FromContext(ctx)
	fmt.Println(c.ExecutionID)
	fmt.Println(c.InvokedFunctionARN)
	fmt.Println(c.ClientContext.Client.AppTitle)
	// Output:
	// c6af9ac6-7b61-11e6-9a41-93e812345678
	// arn:aws:lambda:eu-west-1:123456789012:function:greet
	// Greeter
}
