package memlimit

import (
	"math"
	"strings"
	"testing"
)

func TestHeadroom(t *testing.T) {
	tests := []struct{ instance, headroom int64 }{
		{128 << 20, 32 << 20},
		{256 << 20, 64 << 20},
		{512 << 20, 64 << 20},
		{640 << 20, 64 << 20},
		{2 << 30, (2 << 30) / 10},
		{10240 << 20, 1024 << 20},
		{64 << 20, 16 << 20},
	}
	for _, tt := range tests {
		if got := Headroom(tt.instance); got != tt.headroom {
			t.Errorf("Headroom(%s) = %s, want %s", mebibytes(tt.instance), mebibytes(got), mebibytes(tt.headroom))
		}
	}
}

func TestDecide(t *testing.T) {
	const noLimitSet = math.MaxInt64 // what Go runs with when GOMEMLIMIT is unset
	lambda := map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256"}

	d := Decide(fakeSystem(lambda, nil), noLimitSet)
	if d.Limit != 192<<20 || d.Message != "Go's memory limit is 192 MiB: the instance has 256 MiB, from AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256, less 64 MiB for memory outside Go's heap and the collector's lag (GOMEMLIMIT overrides)" || d.Warnings != nil {
		t.Errorf("from Lambda's variable: %+v", d)
	}

	d = Decide(fakeSystem(map[string]string{"GOMEMLIMIT": "220MiB", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256"}, nil), 220<<20)
	if d.Limit != 0 || d.Message != "Go's memory limit is GOMEMLIMIT=220MiB, as set (the instance has 256 MiB, from AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256)" || d.Warnings != nil {
		t.Errorf("GOMEMLIMIT set: %+v", d)
	}

	d = Decide(fakeSystem(map[string]string{"GOMEMLIMIT": "1GiB", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256"}, nil), 1<<30)
	if d.Limit != 0 || len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "GOMEMLIMIT=1GiB is above the instance's 256 MiB") {
		t.Errorf("GOMEMLIMIT above the instance: %+v", d)
	}

	d = Decide(fakeSystem(map[string]string{"GOMEMLIMIT": "off"}, nil), noLimitSet)
	if d.Limit != 0 || d.Message != "Go's memory limit is GOMEMLIMIT=off, as set" {
		t.Errorf("GOMEMLIMIT=off: %+v", d)
	}

	d = Decide(fakeSystem(nil, nil), noLimitSet)
	if d.Limit != 0 || !strings.HasPrefix(d.Message, "Go's memory limit: none, the platform states no memory size") {
		t.Errorf("nothing stated: %+v", d)
	}

	d = Decide(fakeSystem(map[string]string{"FUNCTION_MEMORY_MB": "2048"}, nil), noLimitSet)
	if d.Limit != (2048<<20)-(2048<<20)/10 || !strings.HasPrefix(d.Message, "Go's memory limit is 1843.2 MiB: the instance has 2048 MiB") {
		t.Errorf("a large instance: %+v", d)
	}
}
