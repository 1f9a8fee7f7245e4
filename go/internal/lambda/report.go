package lambda

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-handoff/go-handoff/internal/contract"
)

// ErrorReport is the body of the Runtime API's error endpoints.
type ErrorReport struct {
	Message    string   `json:"errorMessage"`
	Type       string   `json:"errorType"`
	StackTrace []string `json:"stackTrace,omitempty"`
}

// encodeReport is report's JSON: a struct of strings, which always encodes.
func encodeReport(report ErrorReport) []byte {
	body, _ := json.Marshal(report)
	return body
}

// reportOf describes a failed invocation as aws-lambda-go does: errorType
// is the Go type of the error (or of the panic's value), without its package
// and pointer; a panic brings its stack.
func reportOf(err error) ErrorReport {
	var p *contract.Panic
	if errors.As(err, &p) {
		return ErrorReport{Message: fmt.Sprint(p.Value), Type: typeName(p.Value), StackTrace: stackLines(p.Stack)}
	}
	return ErrorReport{Message: err.Error(), Type: typeName(err)}
}

// InitErrorReport describes why the function could not start.
func InitErrorReport(err error) ErrorReport {
	return ErrorReport{Message: err.Error(), Type: "Runtime.InvalidHandler"}
}

func typeName(v any) string {
	t := reflect.TypeOf(v)
	if t == nil {
		return "nil"
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Name() != "" {
		return t.Name()
	}
	return t.String()
}

func stackLines(stack []byte) []string {
	var lines []string
	for _, line := range strings.Split(string(stack), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return lines
}
