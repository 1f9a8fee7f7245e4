// Package logging writes the log lines of a function and of the SDK, in the
// host's format, attributed to the invocation they belong to.
//
// Three formats. On a Cloud Functions host (K_SERVICE or FUNCTION_TARGET
// set) every line is one JSON object as Cloud Logging reads it, on standard
// output: severity, message, time, the execution id as the label
// execution_id, the trace. Where Lambda asks for its JSON log format
// (AWS_LAMBDA_LOG_FORMAT=JSON, always so on Managed Instances), one object
// as Lambda's runtimes write them: timestamp, level, requestId, message.
// Elsewhere lines are readable text on standard error, in the eawsy shim's
// style:
//
//	2017-01-01T00:00:00.000Z 12ad5f64-d111-11e6-b4b4-b757a100146b Hello, World!
//
// What goes through here: log/slog and the log package (Install makes this
// package's handler slog's default, and slog.SetDefault routes the log
// package through it), and the SDK's own messages. What a function writes to
// standard output and error itself (fmt.Println) is not touched: it goes out
// as it is, on descriptors the process was given.
//
// A line carries an invocation's execution id when it is logged with that
// invocation's context (slog.InfoContext(ctx, ...)), or through a handler
// bound to it (handoff.Logger). Nothing else carries one: there is no
// process-wide "current invocation", which could not be right while several
// run at once, nor for a goroutine that outlives its invocation.
//
// Every entry is encoded whole and written with one Write, under the sink's
// lock, before the call that logs it returns: concurrent invocations never
// interleave or cut lines, a slow pipe makes writers wait rather than drop
// anything, and what was logged before a crash or os.Exit is out already.
// There is nothing to flush.
package logging
