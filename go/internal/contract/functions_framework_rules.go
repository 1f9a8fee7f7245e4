package contract

import "fmt"

// functions-framework-go's own rules for the functions its registrations
// take as interface{}, which the compiler cannot check: typed functions
// (functions.Typed) and background functions
// (funcframework.RegisterEventFunctionContext). The build applies them to
// the source (internal/prepare), the stand-in (compat/functions-framework-go)
// to reflect types when the registration runs: one rule set, one message
// per rule, as for go-handoff's own contracts.

// FunctionsFrameworkTyped checks s against functions-framework-go's rules
// for typed functions, and returns a *RuleError naming the one it breaks.
func FunctionsFrameworkTyped(s Signature) error {
	broken := breaking(s, "functions-framework-go's typed functions take one argument (the request's JSON body, decoded; no context.Context) and return at most two values, the last an error")
	switch {
	case s.Variadic || len(s.Params) != 1:
		return broken("this one takes %s", arguments(len(s.Params)))
	case s.Params[0].Kind == KindContext:
		return broken("this one takes only a context.Context")
	case s.Params[0].Kind == KindUnencodable:
		return broken("its argument, %s, cannot be decoded from JSON", s.Params[0].Name)
	case len(s.Results) > 2:
		return broken("this one returns %d", len(s.Results))
	case len(s.Results) > 0 && !s.Results[len(s.Results)-1].IsError:
		return broken("this one's last result is %s", s.Results[len(s.Results)-1].Name)
	}
	return nil
}

// FunctionsFrameworkEvent checks s against functions-framework-go's rules
// for background functions, and returns a *RuleError naming the one it
// breaks.
func FunctionsFrameworkEvent(s Signature) error {
	broken := breaking(s, "functions-framework-go's event functions are func(ctx context.Context, data T) error, with T the type the event's data decodes into as JSON")
	switch {
	case s.Variadic || len(s.Params) != 2:
		return broken("this one takes %s", arguments(len(s.Params)))
	case !s.Params[0].TakesContext:
		return broken("this one's first argument is %s", s.Params[0].Name)
	case s.Params[1].Kind == KindUnencodable:
		return broken("its data argument, %s, cannot be decoded from JSON", s.Params[1].Name)
	case len(s.Results) != 1 || !s.Results[0].IsError:
		return broken("this one does not return just an error")
	}
	return nil
}

// breaking makes the errors of s breaking rules: the rules, then what of
// them s breaks.
func breaking(s Signature, rules string) func(format string, args ...any) error {
	return func(format string, args ...any) error {
		return &RuleError{Signature: s, Rule: rules + "; " + fmt.Sprintf(format, args...)}
	}
}

func arguments(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return fmt.Sprintf("%d arguments", n)
}
