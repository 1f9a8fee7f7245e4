package target

import "github.com/go-handoff/go-handoff/internal/schema"

// The variables the host's target comes from, the first set winning:
// schema.EnvTarget, where the loader puts functions-framework's --target
// (src/loader/host.ts), then FUNCTION_TARGET, which the platform sets (and
// functions-framework reads when it has no --target).
var targetVariables = []string{schema.EnvTarget, "FUNCTION_TARGET"}

// FromEnvironment is the host's target, and the variable it came from (for
// messages); "" when the host names none. The generated main, the
// functions-framework-go stand-in and the function's name in its Context
// all read it here.
func FromEnvironment(getenv func(string) string) (name, variable string) {
	for _, variable := range targetVariables {
		if name := getenv(variable); name != "" {
			return name, variable
		}
	}
	return "", ""
}
