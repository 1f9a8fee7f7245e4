// Package handoff serves a Go function on the socket a Node.js-only host
// opened, after go-handoff's loader exec'd this binary in place of Node.js.
//
// A function's main calls Start once:
//
//	func main() {
//		handoff.Start(func(w http.ResponseWriter, r *http.Request) {
//			fmt.Fprintln(w, "Hello from Go!")
//		})
//	}
//
// Start takes the listening socket from LISTEN_FDS (systemd's convention,
// which the loader follows), or listens on $PORT (default 8080) when the
// binary runs on its own. It serves the function on every path, /execute
// included, and returns after SIGTERM or SIGINT once in-flight requests have
// finished.
//
// # Logging
//
// Importing this package sets slog's default logger, when the package is
// initialised (before your package's init functions run), to go-handoff's
// (slog.SetDefault), which also routes the log package
// through it. From then on log and slog lines are written in the host's
// format: Cloud Logging's JSON on standard output on a Cloud Functions host
// (K_SERVICE or FUNCTION_TARGET set), Lambda's JSON on standard output
// where Lambda asks for it (AWS_LAMBDA_LOG_FORMAT=JSON, as on Managed
// Instances), readable text on standard error elsewhere
// (GO_HANDOFF_LOG_FORMAT and GO_HANDOFF_LOG_LEVEL override). Standard output
// and error themselves are left alone: what fmt writes goes out unchanged.
//
// A line carries its invocation's execution id (Lambda's request id) and
// trace when it is logged with the invocation's context:
// slog.InfoContext(ctx, ...) and the other *Context functions, the logger
// Logger(ctx) returns, or (*Context).Logger. Lines logged without one
// (log.Printf, fmt.Println, slog.Info) carry no id: while several
// invocations run at once nothing can tell whose they are, and go-handoff
// writes no id rather than a wrong one. See docs/logging.md.
//
// # Testing
//
// A function is a Go function: a test calls it. NewContext gives it the
// context.Context of an invocation, whose Context FromContext finds and
// whose lines Logger attributes; NewHandler gives the http.Handler Start
// would serve, to send it requests with net/http/httptest, through the same
// decoding and answers as on a host. The examples show both.
//
// # AWS Lambda
//
// On Lambda's Node.js runtime the loader execs the binary at init, with
// AWS_LAMBDA_RUNTIME_API set and no socket; Start then runs the Lambda
// Runtime API loop itself: one invocation at a time, or on Lambda Managed
// Instances AWS_LAMBDA_MAX_CONCURRENCY at once, each on a goroutine of its
// own (see docs/lambda-managed-instances.md). Typed functions get the
// event as their input and answer their result as JSON; bytes functions get
// the raw event and answer their bytes; event functions get a CloudEvent or a
// legacy event sent as the payload. An http.Handler serves the HTTP requests
// of API Gateway (REST APIs, payload format 1.0; HTTP APIs, 2.0) and of
// Function URLs, and its answer goes back in the event's format. The Context
// carries the request id, deadline (also the context.Context's), invoked
// function ARN, client context and Cognito identity; the context's
// "x-amzn-trace-id" value holds the invocation's trace header, and so does
// _X_AMZN_TRACE_ID while invocations come one at a time. A returned error
// is reported to Lambda as {"errorMessage", "errorType"}; a panic is
// reported with its stack, and then the process exits (once the other
// invocations in flight are answered) so that Lambda starts a fresh one. A
// function Start cannot serve is reported as an init error.
//
// With GO_HANDOFF_LAMBDA_INVOKE_MODE=RESPONSE_STREAM, set beside a Function
// URL's or API Gateway's streaming invoke mode, answers are streamed: an
// http.Handler's flushed writes leave as they are written, and a failure
// after the first byte ends the answer with Lambda's error trailers (see
// docs/lambda-streaming.md).
//
// # Memory
//
// Unless GOMEMLIMIT is set, the package sets Go's soft memory limit when it
// is initialised, before your package's init functions run: the memory the
// platform gives the instance (the cgroup's limit,
// AWS_LAMBDA_FUNCTION_MEMORY_SIZE, or the --max-old-space-size the host gave
// Node.js) less a headroom for what is not Go's heap, a quarter of it up to
// 64 MiB (192 MiB on a 256 MiB instance). It logs once what it chose and
// why. See docs/platforms.md.
package handoff
