package contract

import "reflect"

// SignatureOf reduces a function type to the Signature the rules read, as
// Adapt does (for packages that decide between contracts themselves).
func SignatureOf(t reflect.Type) Signature { return signatureOf(t) }

// IsBackground reports whether s has the shape of a first-generation Cloud
// Functions background function, func(ctx context.Context, e T) error with T
// any JSON type. The same shape is also a typed JSON function that takes T
// from the request body; which one it is, the signature type decides
// (internal/entrypoint).
func IsBackground(s Signature) bool {
	return !s.Variadic && len(s.Params) == 2 && s.Params[0].Kind == KindContext &&
		(s.Params[1].Kind == KindValue || s.Params[1].Kind == KindBytes) &&
		len(s.Results) == 1 && s.Results[0].Kind == KindError
}
