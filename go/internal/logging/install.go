package logging

import (
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// Settings say how to log; FromEnv reads them.
type Settings struct {
	Format Format
	Level  slog.Level
	// Project is the Google Cloud project, for trace names.
	Project string
}

// FromEnv: Cloud Logging's JSON on a Cloud Functions host (K_SERVICE or
// FUNCTION_TARGET set by the platform); Lambda's JSON where Lambda asks for
// it (AWS_LAMBDA_LOG_FORMAT=JSON, always so on Managed Instances), at its
// AWS_LAMBDA_LOG_LEVEL; text elsewhere. GO_HANDOFF_LOG_FORMAT (json,
// lambda-json or text) and GO_HANDOFF_LOG_LEVEL (debug, info, warn, error)
// override.
func FromEnv(getenv func(string) string) (Settings, error) {
	s := Settings{Format: Text, Level: slog.LevelInfo}
	switch {
	case getenv("K_SERVICE") != "" || getenv("FUNCTION_TARGET") != "":
		s.Format = JSON
	case strings.EqualFold(getenv("AWS_LAMBDA_LOG_FORMAT"), "JSON"):
		s.Format = LambdaJSON
		if level, ok := lambdaLogLevel(getenv("AWS_LAMBDA_LOG_LEVEL")); ok {
			s.Level = level
		}
	}
	switch strings.ToLower(getenv("GO_HANDOFF_LOG_FORMAT")) {
	case "":
	case "json":
		s.Format = JSON
	case "lambda-json":
		s.Format = LambdaJSON
	case "text":
		s.Format = Text
	default:
		return s, fmt.Errorf("GO_HANDOFF_LOG_FORMAT=%q: use json, lambda-json or text", getenv("GO_HANDOFF_LOG_FORMAT"))
	}
	if level := getenv("GO_HANDOFF_LOG_LEVEL"); level != "" {
		if err := s.Level.UnmarshalText([]byte(level)); err != nil {
			return s, fmt.Errorf("GO_HANDOFF_LOG_LEVEL=%q: use debug, info, warn or error", level)
		}
	}
	for _, name := range []string{"GOOGLE_CLOUD_PROJECT", "GCP_PROJECT", "GCLOUD_PROJECT"} {
		if s.Project = getenv(name); s.Project != "" {
			break
		}
	}
	return s, nil
}

var (
	sink    = NewSink(os.Stderr, Text, "")
	handler = NewHandler(sink, slog.LevelInfo)
)

// Install sets the process up for s: slog's default logger, which the log
// package writes through too, writes s.Format to standard output (the JSON
// formats) or standard error (text). That is all it changes: standard
// output and error stay the descriptors the process was given, and what fmt
// writes to them goes out as it is. The SDK calls it in its package
// initialisation, so that the log and slog lines of other packages' init
// functions are formatted too.
func Install(s Settings) {
	if s.Format == Text {
		// Beside the log package's own output, where eawsy users look for it.
		sink = NewSink(os.Stderr, Text, s.Project)
	} else {
		// The host reads the severity from the entry, not the stream.
		sink = NewSink(os.Stdout, s.Format, s.Project)
	}
	handler = NewHandler(sink, s.Level)
	slog.SetDefault(slog.New(handler))
}

// DefaultHandler is the handler slog's default logger uses.
func DefaultHandler() *Handler { return handler }

// SDK logs a message of the SDK's own, prefixed "go-handoff: ".
func SDK(severity Severity, format string, args ...any) {
	sink.Write(Entry{Time: time.Now(), Severity: severity, Message: "go-handoff: " + fmt.Sprintf(format, args...)})
}

// Report logs a message of the SDK's about an invocation.
func Report(info *invocation.Info, severity Severity, message string) {
	e := Entry{Time: time.Now(), Severity: severity, Message: message}
	attribute(&e, info)
	sink.Write(e)
}
