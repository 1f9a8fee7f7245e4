// The benchmarks' payload case: a typed JSON function (the body decoded into
// Order, the Summary encoded as the answer), the same work as
// payload-js/index.js.
package main

import (
	"context"

	"github.com/go-handoff/go-handoff/handoff"
)

type Item struct {
	ID         int      `json:"id"`
	SKU        string   `json:"sku"`
	Name       string   `json:"name"`
	PriceCents int      `json:"priceCents"`
	Quantity   int      `json:"quantity"`
	Tags       []string `json:"tags"`
}

type Order struct {
	Items []Item `json:"items"`
	Note  string `json:"note"`
}

type Summary struct {
	Count      int `json:"count"`
	TotalCents int `json:"totalCents"`
}

func summarize(ctx context.Context, order Order) (Summary, error) {
	total := 0
	for _, item := range order.Items {
		total += item.PriceCents * item.Quantity
	}
	return Summary{Count: len(order.Items), TotalCents: total}, nil
}

func main() {
	handoff.Start(summarize)
}
