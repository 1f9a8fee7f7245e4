package logging

import (
	"bytes"
	"log/slog"
	"strings"
)

// encodeLambdaJSON appends e as Lambda's JSON log format writes an
// application log line (the Node.js runtime's console.log, aws-lambda-go's
// lambdacontext.NewLogHandler): timestamp, level, requestId, message, then
// the attributes. Lambda Managed Instances always log in this format, and
// CloudWatch Logs Insights reads requestId and level from it.
func encodeLambdaJSON(buf *bytes.Buffer, e Entry) {
	w := newObjectWriter(buf.AvailableBuffer(), e.Attrs)
	w.time("timestamp", e.Time, textTime)
	w.string("level", lambdaLevel(e.Severity))
	if e.ExecutionID != "" {
		w.string("requestId", e.ExecutionID)
	}
	w.string("message", trimNewline(e.Message))
	buf.Write(w.finish())
}

// lambdaLevel is Lambda's name for a severity (its log levels are TRACE,
// DEBUG, INFO, WARN, ERROR and FATAL).
func lambdaLevel(s Severity) string {
	switch s {
	case Warning:
		return "WARN"
	case Critical:
		return "FATAL"
	case "":
		return "INFO"
	}
	return string(s)
}

// lambdaLogLevel reads AWS_LAMBDA_LOG_LEVEL, the function's application
// log level, which Lambda sets with the JSON format.
func lambdaLogLevel(value string) (slog.Level, bool) {
	switch strings.ToUpper(value) {
	case "TRACE":
		return slog.LevelDebug - 4, true
	case "DEBUG":
		return slog.LevelDebug, true
	case "INFO":
		return slog.LevelInfo, true
	case "WARN":
		return slog.LevelWarn, true
	case "ERROR":
		return slog.LevelError, true
	case "FATAL":
		return slog.LevelError + 4, true
	}
	return 0, false
}
