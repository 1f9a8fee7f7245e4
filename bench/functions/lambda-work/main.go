// The Lambda Managed Instances benchmark's function (make bench-lambda), on
// go-handoff's SDK: the same two kinds of work as lambda-work-js/index.mjs
// (JavaScript, on aws-lambda-ric) and lambda-work-aws/main.go (aws-lambda-go
// alone), so that only the runtime differs. The event picks the work:
//
//	{"work": "wait"}  wait 100 ms, as for a downstream call
//	{"work": "burn"}  burn about 5 ms of CPU
//
// It has no go.mod: the build makes one.
package main

import (
	"context"
	"time"

	"github.com/go-handoff/go-handoff/handoff"
)

type job struct {
	Work string `json:"work"`
}

type done struct {
	Work   string `json:"work"`
	Result uint32 `json:"result"`
}

// burnRounds steps of a linear congruential generator take about 5 ms on a
// 2.5 GHz core; each step needs the last, so no compiler can skip any.
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
	handoff.Start(work)
}
