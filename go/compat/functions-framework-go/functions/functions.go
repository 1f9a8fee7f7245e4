// Package functions registers functions by name, as functions-framework-go's
// package of the same path does: call HTTP, CloudEvent or Typed in an init
// function, and the host's target (functions-framework's --target, or
// FUNCTION_TARGET) chooses which one a deployment serves.
//
// This is go-handoff's stand-in for it, with the same API: the build points
// the import path here. The CloudEvent type is the CloudEvents SDK's own.
package functions

import (
	"context"
	"log"
	"net/http"

	"github.com/GoogleCloudPlatform/functions-framework-go/internal/registry"
	"github.com/GoogleCloudPlatform/functions-framework-go/internal/serving"
	"github.com/cloudevents/sdk-go/v2/event"
	"github.com/go-handoff/go-handoff/handoffimpl"
)

// HTTP registers an HTTP function, served when the host's target is name.
func HTTP(name string, fn func(http.ResponseWriter, *http.Request)) {
	register(name, serving.HTTP(fn), handoffimpl.SignatureHTTP)
}

// CloudEvent registers a CloudEvent function, served when the host's target
// is name. Legacy background events reach it converted by Cloud Functions'
// mapping.
func CloudEvent(name string, fn func(context.Context, event.Event) error) {
	register(name, serving.CloudEvent(fn), handoffimpl.SignatureCloudEvent)
}

// Typed registers a typed function, served when the host's target is name:
// fn takes one argument, decoded from the request's JSON body, and returns
// at most two values, the last an error; the first is answered as JSON.
func Typed(name string, fn interface{}) {
	if err := handoffimpl.CheckTyped(fn); err != nil {
		log.Fatalf("failure to register function: %s", err)
	}
	register(name, serving.Typed(fn), handoffimpl.SignatureHTTP)
}

func register(name string, handler http.Handler, signature handoffimpl.Signature) {
	if err := registry.Add(&registry.Function{Name: name, Handler: handler}, signature); err != nil {
		log.Fatalf("failure to register function: %s", err)
	}
}
