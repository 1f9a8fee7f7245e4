// A typed JSON function, in the rules of aws-lambda-go: the body is decoded
// into the input, the result is encoded as the answer, and a returned error
// answers HTTP 500 with {"errorMessage": ..., "errorType": ...}.
package main

import (
	"context"
	"errors"
	"strings"

	"github.com/go-handoff/go-handoff/handoff"
)

type Order struct {
	Item     string `json:"item"`
	Quantity int    `json:"quantity"`
}

type Receipt struct {
	Item        string `json:"item"`
	Quantity    int    `json:"quantity"`
	ExecutionID string `json:"executionId"`
}

func placeOrder(ctx context.Context, order Order) (Receipt, error) {
	if strings.TrimSpace(order.Item) == "" || order.Quantity < 1 {
		return Receipt{}, errors.New("an order needs an item and a quantity of at least 1")
	}
	call, _ := handoff.FromContext(ctx)
	return Receipt{Item: order.Item, Quantity: order.Quantity, ExecutionID: call.ExecutionID}, nil
}

func main() {
	handoff.Start(placeOrder)
}
