package entrypoint

import (
	"fmt"

	"github.com/go-handoff/go-handoff/internal/schema"
	"github.com/go-handoff/go-handoff/internal/target"
)

// hostChoice is what the host asks for: the target and the signature type,
// each with the variable it came from (for messages).
type hostChoice struct {
	target, targetFrom string
	signature          Signature
	signatureFrom      string
	signatureProblem   string // an unknown signature type, ignored
}

// fromEnvironment reads the host's choice: the target as internal/target
// reads it, and the signature type as the target, from where the loader
// puts functions-framework's --signature-type, schema.EnvSignatureType
// (src/loader/host.ts), else the platform's FUNCTION_SIGNATURE_TYPE.
func fromEnvironment(getenv func(string) string) hostChoice {
	var c hostChoice
	c.target, c.targetFrom = target.FromEnvironment(getenv)
	for _, name := range []string{schema.EnvSignatureType, "FUNCTION_SIGNATURE_TYPE"} {
		if value := getenv(name); value != "" {
			sig := Signature(value)
			if !sig.known() {
				c.signatureProblem = fmt.Sprintf("%s=%q is not a signature type (http, event, cloudevent or typed); the function's shape decides how it is called", name, value)
				break
			}
			c.signature, c.signatureFrom = sig, name
			break
		}
	}
	return c
}
