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

// FromEnv: the JSON format on a Cloud Functions host (K_SERVICE or
// FUNCTION_TARGET set by the platform), text elsewhere; GO_HANDOFF_LOG_FORMAT
// (json or text) and GO_HANDOFF_LOG_LEVEL (debug, info, warn, error) override.
func FromEnv(getenv func(string) string) (Settings, error) {
	s := Settings{Format: Text, Level: slog.LevelInfo}
	if getenv("K_SERVICE") != "" || getenv("FUNCTION_TARGET") != "" {
		s.Format = JSON
	}
	switch strings.ToLower(getenv("GO_HANDOFF_LOG_FORMAT")) {
	case "":
	case "json":
		s.Format = JSON
	case "text":
		s.Format = Text
	default:
		return s, fmt.Errorf("GO_HANDOFF_LOG_FORMAT=%q: use json or text", getenv("GO_HANDOFF_LOG_FORMAT"))
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
// package writes through too, writes s.Format to standard output (JSON) or
// standard error (text). That is all it changes: standard output and error
// stay the descriptors the process was given, and what fmt writes to them
// goes out as it is. The SDK calls it in its package initialisation, so
// that the log and slog lines of other packages' init functions are
// formatted too.
func Install(s Settings) {
	if s.Format == JSON {
		// Cloud Logging reads the severity from the entry, not the stream.
		sink = NewSink(os.Stdout, JSON, s.Project)
	} else {
		// Beside the log package's own output, where eawsy users look for it.
		sink = NewSink(os.Stderr, Text, s.Project)
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
