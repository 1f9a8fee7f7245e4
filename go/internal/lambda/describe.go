package lambda

import (
	"fmt"
	"strconv"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// describe makes the invocation's Info from the Runtime API's headers.
func describe(inv *Invocation, function invocation.Function) (*invocation.Info, error) {
	info := &invocation.Info{
		ExecutionID: inv.RequestID,
		Function:    function,
		Lambda: invocation.LambdaDetails{
			InvokedFunctionARN: inv.Header.Get(headerInvokedFunctionARN),
			CognitoIdentity:    rawJSON(inv.Header.Get(headerCognitoIdentity)),
			ClientContext:      rawJSON(inv.Header.Get(headerClientContext)),
		},
	}
	if text := inv.Header.Get(headerDeadlineMs); text != "" {
		ms, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("the Runtime API gave request %s the deadline %s=%q, not milliseconds since the epoch", inv.RequestID, headerDeadlineMs, text)
		}
		info.Deadline = time.UnixMilli(ms)
	}
	return info, nil
}

func rawJSON(header string) []byte {
	if header == "" {
		return nil
	}
	return []byte(header)
}
