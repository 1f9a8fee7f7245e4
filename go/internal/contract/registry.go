package contract

import (
	"context"
	"reflect"
	"sync"

	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// The SDK's public package and its compatibility packages (ignite, the eawsy
// shim's runtime) each have a Context type of their own, and the public
// package has an Event type; they register here so that functions may take
// them. Registration happens in their init functions, before main.
var (
	registryMu   sync.RWMutex
	contextTypes = map[reflect.Type]func(context.Context, *invocation.Info) reflect.Value{}
	eventTypes   = map[reflect.Type]func(*events.Event) reflect.Value{}
)

// RegisterContext lets functions take a *T, made for each call by fill.
func RegisterContext[T any](fill func(ctx context.Context, info *invocation.Info) *T) {
	registryMu.Lock()
	defer registryMu.Unlock()
	contextTypes[reflect.TypeOf((*T)(nil))] = func(ctx context.Context, info *invocation.Info) reflect.Value {
		return reflect.ValueOf(fill(ctx, info))
	}
}

// RegisterEvent lets functions take a T or *T as their event, made from the
// decoded event by convert.
func RegisterEvent[T any](convert func(*events.Event) T) {
	registryMu.Lock()
	defer registryMu.Unlock()
	valueType := reflect.TypeOf((*T)(nil)).Elem()
	eventTypes[valueType] = func(ev *events.Event) reflect.Value { return reflect.ValueOf(convert(ev)) }
	eventTypes[reflect.PointerTo(valueType)] = func(ev *events.Event) reflect.Value {
		v := convert(ev)
		return reflect.ValueOf(&v)
	}
}

func contextMaker(t reflect.Type) (func(context.Context, *invocation.Info) reflect.Value, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	make, ok := contextTypes[t]
	return make, ok
}

func eventMaker(t reflect.Type) (func(*events.Event) reflect.Value, bool) {
	registryMu.RLock()
	defer registryMu.RUnlock()
	make, ok := eventTypes[t]
	return make, ok
}
