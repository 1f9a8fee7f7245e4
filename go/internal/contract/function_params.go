package contract

import (
	"reflect"

	"github.com/go-handoff/go-handoff/internal/api"
	"github.com/go-handoff/go-handoff/internal/api/eawsy"
	"github.com/go-handoff/go-handoff/internal/events"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

// The context types a function may take, made for each call from its
// invocation: handoff.Context (which is also ignite.Context) and the eawsy
// shim's runtime.Context. The public packages declare them as aliases of
// these (internal/api), so the contracts know them by type and import no
// public package; the build knows them by import path
// (internal/prepare's contextPackages).
var contextTypes = map[reflect.Type]func(*invocation.Info) reflect.Value{
	reflect.TypeFor[*api.Context](): func(info *invocation.Info) reflect.Value {
		return reflect.ValueOf(api.ContextOf(info))
	},
	reflect.TypeFor[*eawsy.Context](): func(info *invocation.Info) reflect.Value {
		return reflect.ValueOf(eawsy.ContextOf(info))
	},
}

// The event types a function may take: handoff.Event, or a pointer to one,
// made from the decoded event.
var eventTypes = map[reflect.Type]func(*events.Event) reflect.Value{
	reflect.TypeFor[api.Event](): func(ev *events.Event) reflect.Value {
		return reflect.ValueOf(api.EventOf(ev))
	},
	reflect.TypeFor[*api.Event](): func(ev *events.Event) reflect.Value {
		e := api.EventOf(ev)
		return reflect.ValueOf(&e)
	},
}
