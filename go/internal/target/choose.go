package target

import (
	"fmt"
	"slices"
	"strings"
)

// DefaultName is the function served when no target is given: the name all
// three seed systems without a main use.
const DefaultName = "Handle"

// Choice is the function to serve.
type Choice struct {
	Name string
	// Note says, for the log, why Name was chosen when the target did not
	// name it; "" when it did.
	Note string
}

// Error is a target that cannot be served: it names nothing, or none was
// given and the package offers several functions.
type Error struct {
	Target string   // "" when none was given
	Names  []string // the functions that exist, sorted
}

func (e *Error) Error() string {
	if len(e.Names) == 0 {
		return "the package offers no function to serve: write an exported func(w http.ResponseWriter, r *http.Request), " +
			"a background function func(ctx context.Context, e T) error, a func Handle of any shape go-handoff serves, " +
			"or a main that calls handoff.Start"
	}
	list := strings.Join(e.Names, ", ")
	how := "name one of them as the target: functions-framework's --target (go-handoff serve, build and package take --target too, make takes TARGET=), " +
		"FUNCTION_TARGET, or the entry point you deploy with"
	if e.Target == "" {
		return fmt.Sprintf("no target was given, and the package has no func %s and several functions: %s; %s", DefaultName, list, how)
	}
	return fmt.Sprintf("the target %q names no function of this package; its functions are: %s; %s", e.Target, list, how)
}

// Choose picks the function to serve among names. target is the host's
// ("" when none was given); fallback is the one to serve when there is no
// target ("" for DefaultName).
//
// A package that offers exactly one function serves it whatever the target
// says: Cloud Functions, Firebase and Lambda all make the deployer name an
// entry point, and go-handoff's archives have always answered to any name,
// so that existing deployments keep working. With several functions, the
// target must name one of them.
func Choose(names []string, target, fallback string) (Choice, error) {
	sorted := slices.Sorted(slices.Values(names))
	sorted = slices.Compact(sorted)
	if fallback == "" {
		fallback = DefaultName
	}
	switch {
	case len(sorted) == 0:
		return Choice{}, &Error{Target: target}
	case target != "" && slices.Contains(sorted, target):
		return Choice{Name: target}, nil
	case target != "" && len(sorted) == 1:
		return Choice{Name: sorted[0], Note: fmt.Sprintf("the target %q names no function; serving %s, the only one there is", target, sorted[0])}, nil
	case target != "":
		return Choice{}, &Error{Target: target, Names: sorted}
	case slices.Contains(sorted, fallback):
		return Choice{Name: fallback}, nil
	case len(sorted) == 1:
		return Choice{Name: sorted[0]}, nil
	}
	return Choice{}, &Error{Names: sorted}
}
