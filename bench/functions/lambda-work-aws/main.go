// The Lambda Managed Instances benchmark's function on aws-lambda-go alone,
// the baseline of make bench-lambda: lambda-work/main.go with lambda.Start
// in place of handoff.Start, built with go build and run as the bootstrap
// of an OS-only runtime (provided.al2023), as aws-lambda-go's users deploy.
package main

import (
	"context"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
)

type job struct {
	Work string `json:"work"`
}

type done struct {
	Work   string `json:"work"`
	Result uint32 `json:"result"`
}

// burnRounds: as in lambda-work/main.go, the same work.
const burnRounds = 5_000_000

func burn() uint32 {
	x := uint32(1)
	for i := 0; i < burnRounds; i++ {
		x = x*1664525 + 1013904223
	}
	return x
}

func work(ctx context.Context, in job) (done, error) {
	switch in.Work {
	case "burn":
		return done{Work: in.Work, Result: burn()}, nil
	default:
		select {
		case <-time.After(100 * time.Millisecond):
		case <-ctx.Done():
			return done{}, ctx.Err()
		}
		return done{Work: in.Work}, nil
	}
}

func main() {
	lambda.Start(work)
}
