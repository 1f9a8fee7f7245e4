// Package contract turns the function a user wrote, in any of the shapes
// go-handoff accepts, into an http.Handler.
package contract

import (
	"fmt"
	"net/http"
)

// Adapt returns fn as an http.Handler, or an error that names the rule fn's
// type breaks.
func Adapt(fn any) (http.Handler, error) {
	switch f := fn.(type) {
	case nil:
		return nil, fmt.Errorf("the function is nil: pass handoff.Start your function or http.Handler")
	case http.Handler:
		return f, nil
	case func(http.ResponseWriter, *http.Request):
		return http.HandlerFunc(f), nil
	default:
		return nil, fmt.Errorf("cannot serve a %T: pass an http.Handler or a func(http.ResponseWriter, *http.Request)", fn)
	}
}
