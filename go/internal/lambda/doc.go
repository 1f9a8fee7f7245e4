// Package lambda serves the function on AWS Lambda through the Runtime API
// (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), as a
// custom runtime does: ask for the next invocation, call the function, post
// its answer or its error, and again.
//
// On Lambda's Node.js runtime the loader execs the Go binary at init, with
// AWS_LAMBDA_RUNTIME_API set and no socket to take over; from then on this
// loop is the runtime. On Lambda Managed Instances
// (AWS_LAMBDA_MAX_CONCURRENCY set) AWS_LAMBDA_MAX_CONCURRENCY such loops
// run at once, each with a /next poll of its own on a connection of its own,
// as aws-lambda-go's do; elsewhere invocations come one at a time. Each
// invocation has its own context, deadline, request id and trace id (the
// context's "x-amzn-trace-id" value); the process-wide _X_AMZN_TRACE_ID is
// set only when there is one loop.
//
// A returned error is posted to the invocation's error endpoint, never as
// an answer. A panic is posted too, as that invocation's error; then every
// loop stops asking for invocations, the ones in flight are answered (up to
// their deadlines), and the process exits, as aws-lambda-go's does, so that
// Lambda starts a fresh one: the panic may have left the function's state
// (its globals, a mutex it held) broken for every later invocation, and the
// process cannot tell. A function the SDK cannot serve is reported to the
// init error endpoint before the process exits.
//
// With GO_HANDOFF_LAMBDA_INVOKE_MODE=RESPONSE_STREAM (InvokeMode), answers
// go out in the Runtime API's streaming mode as the function writes them
// (stream.go, stream_answer.go, client_stream.go): a failure before the
// first byte is reported as above, after it in the answer's trailers. Each
// streamed answer holds a connection of its own until Lambda has taken all
// of it, so that invocations stream at once on Managed Instances. The
// deployment's invoke mode must match; docs/lambda-streaming.md says how.
package lambda
