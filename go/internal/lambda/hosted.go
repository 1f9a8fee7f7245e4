package lambda

// Hosted reports whether the process runs as a Lambda runtime: the Runtime
// API's address is set and no socket was handed over (a socket would mean an
// HTTP host that happens to carry the variable, such as a local emulator).
func Hosted(getenv func(string) string) bool {
	return getenv("AWS_LAMBDA_RUNTIME_API") != "" && getenv("LISTEN_FDS") == ""
}
