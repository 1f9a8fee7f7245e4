package start

import (
	"context"
	"reflect"
	"testing"
)

func TestShutdownHooksRunLastFirstWhileTimeRemains(t *testing.T) {
	var order []string
	OnShutdown(func(context.Context) { order = append(order, "pool") })
	OnShutdown(func(context.Context) { order = append(order, "cache") })
	runShutdownHooks(context.Background())
	if want := []string{"cache", "pool"}; !reflect.DeepEqual(order, want) {
		t.Errorf("got %v, want %v", order, want)
	}
	order = nil
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	runShutdownHooks(ctx)
	if len(order) != 0 {
		t.Errorf("hooks ran after the grace period: %v", order)
	}
	shutdownHooks.hooks = nil
}
