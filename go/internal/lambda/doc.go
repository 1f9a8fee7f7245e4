// Package lambda serves the function on AWS Lambda through the Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), as a
// custom runtime does: ask for the next invocation, call the function, post
// its answer or its error, and again.
//
// On Lambda's Node.js runtime the loader execs the Go binary at init, with
// AWS_LAMBDA_RUNTIME_API set and no socket to take over; from then on this
// loop is the runtime. Invocations come one at a time. A returned error is
// posted to the invocation's error endpoint, never as an answer; a panic is
// posted too, and then the process exits, as aws-lambda-go's does, so that
// Lambda starts a fresh one. A function the SDK cannot serve is reported to
// the init error endpoint before the process exits.
//
// With GO_HANDOFF_LAMBDA_INVOKE_MODE=RESPONSE_STREAM (InvokeMode), answers
// go out in the Runtime API's streaming mode as the function writes them
// (stream.go, stream_answer.go, client_stream.go): a failure before the
// first byte is reported as above, after it in the answer's trailers. The
// deployment's invoke mode must match; docs/lambda-streaming.md says how.
package lambda
