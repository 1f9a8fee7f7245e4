package lambda

import (
	"fmt"
	"strings"
)

// InvokeMode is how the function's answers leave: whole, or streamed.
//
// The runtime cannot tell how it was invoked (the Runtime API's events do
// not say), and the answer's shape must match the caller's: a Function URL
// with InvokeMode RESPONSE_STREAM, or API Gateway's streaming integration,
// reads the HTTP-integration prelude, a buffered one a JSON answer. So the
// mode is part of the deployment, set beside the Function URL's own, as
// Node.js's awslambda.streamifyResponse and aws-lambda-go's
// LambdaFunctionURLStreamingResponse each make it a choice the function
// states; here it is a setting, so that any function, whatever its shape
// and however it was found (a package with no main included), can stream.
type InvokeMode int

const (
	// Buffered answers once the function has returned, in one post: up to
	// 6 MB, and the JSON answer of API Gateway's and Function URLs' formats
	// for a net/http function.
	Buffered InvokeMode = iota
	// ResponseStream answers in the Runtime API's streaming mode: a
	// net/http function's flushed writes leave as they are written, after
	// the HTTP-integration prelude; other functions' answers leave whole,
	// but may be larger than a buffered answer can be.
	ResponseStream
)

// InvokeModeEnv holds the invoke mode, named as the Function URL's InvokeMode.
const InvokeModeEnv = "GO_HANDOFF_LAMBDA_INVOKE_MODE"

func (m InvokeMode) String() string {
	if m == ResponseStream {
		return "RESPONSE_STREAM"
	}
	return "BUFFERED"
}

// InvokeModeFrom reads the invoke mode from GO_HANDOFF_LAMBDA_INVOKE_MODE:
// BUFFERED (the default) or RESPONSE_STREAM, in any case.
func InvokeModeFrom(getenv func(string) string) (InvokeMode, error) {
	value := strings.TrimSpace(getenv(InvokeModeEnv))
	switch strings.ToUpper(value) {
	case "", "BUFFERED":
		return Buffered, nil
	case "RESPONSE_STREAM":
		return ResponseStream, nil
	}
	return Buffered, fmt.Errorf("%s=%q is not an invoke mode: set it to RESPONSE_STREAM to stream the function's answers (with a Function URL whose InvokeMode is RESPONSE_STREAM, or API Gateway's streaming integration), or to BUFFERED, the default", InvokeModeEnv, value)
}
