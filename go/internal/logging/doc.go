// Package logging makes everything a function writes reach the host's logs,
// attributed to the invocation it belongs to.
//
// Two formats. On a Cloud Functions host (K_SERVICE or FUNCTION_TARGET set)
// every line is one JSON object as Cloud Logging reads it: severity,
// message, the execution id as the label execution_id, the trace. Elsewhere
// lines are readable text in the eawsy shim's style:
//
//	2017-01-01T00:00:00.000Z 12ad5f64-d111-11e6-b4b4-b757a100146b Hello, World!
//
// What goes through here: the standard log package and log/slog (their
// default loggers are set to this package's), the SDK's own messages, and,
// in the JSON format, everything written to standard output and standard
// error (fmt.Print*), which is captured through pipes from the start of the
// process and turned into JSON lines. One writer writes whole lines, one
// write each, so concurrent invocations never interleave or cut them; when
// the output is a slow pipe, writers wait rather than drop anything.
package logging
