package lambda

import (
	"fmt"
	"strconv"
	"strings"
)

// Hosted reports whether the process runs as a Lambda runtime: the Runtime
// API's address is set and no socket was handed over (a socket would mean an
// HTTP host that happens to carry the variable, such as a local emulator).
func Hosted(getenv func(string) string) bool {
	return getenv("AWS_LAMBDA_RUNTIME_API") != "" && getenv("LISTEN_FDS") == ""
}

// MaxConcurrencyEnv is set on Lambda Managed Instances: how many invocations
// one execution environment serves at once.
const MaxConcurrencyEnv = "AWS_LAMBDA_MAX_CONCURRENCY"

// MaxConcurrency is how many invocations Lambda may hand the process at
// once: AWS_LAMBDA_MAX_CONCURRENCY, else 1. A value that is not a whole
// number of at least 1 gives 1, as in aws-lambda-go, and an error that says so.
func MaxConcurrency(getenv func(string) string) (int, error) {
	text := getenv(MaxConcurrencyEnv)
	if text == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(text))
	if err != nil || n < 1 {
		return 1, fmt.Errorf("%s=%q is not a whole number of at least 1; serving one invocation at a time", MaxConcurrencyEnv, text)
	}
	return n, nil
}

// ManagedInstances reports whether the function runs on Lambda Managed
// Instances, where AWS_LAMBDA_MAX_CONCURRENCY is set (1 included).
func ManagedInstances(getenv func(string) string) bool {
	return getenv(MaxConcurrencyEnv) != ""
}
