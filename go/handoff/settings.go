package handoff

import (
	"fmt"
	"strconv"
	"time"

	"github.com/go-handoff/go-handoff/internal/linger"
	"github.com/go-handoff/go-handoff/internal/server"
)

// settings are the SDK's knobs, read from the environment when it starts.
type settings struct {
	// timeout bounds each invocation; 0: none. timeoutSource names where it
	// came from, for the message a timed-out request gets.
	timeout       time.Duration
	timeoutSource string
	// maxBodyBytes bounds request bodies (413 beyond).
	maxBodyBytes int64
	// readHeaderTimeout bounds how long a client may take to send headers.
	readHeaderTimeout time.Duration
	// idleTimeout bounds how long a keep-alive connection waits for its
	// next request.
	idleTimeout time.Duration
	// body bounds how long a client may keep the server waiting for a body.
	body server.BodyBounds
	// maxConnections caps the connections held at once; 0: none.
	maxConnections int
	// shutdownGrace bounds in-flight requests and shutdown hooks after SIGTERM.
	shutdownGrace time.Duration
	// drain bounds the lingering close of a connection answered before its
	// body was read (bytes read and thrown away, time spent).
	drain linger.Bounds
}

// Defaults, as docs/configuration.md documents them.
const (
	// Cloud Functions' own default timeout.
	defaultTimeout = 60 * time.Second
	// Cloud Run's own limit on HTTP/1 request sizes.
	defaultMaxBodyBytes = 32 << 20
	// Slow clients may not hold a connection open for longer than this
	// without sending their headers.
	defaultReadHeaderTimeout = 10 * time.Second
	// Node.js's keepAliveTimeout: what the functions-framework host that
	// go-handoff takes over from gives every function, so what the
	// platforms' front ends already work with.
	defaultIdleTimeout = 5 * time.Second
	// Cloud Run and Cloud Functions send SIGKILL 10 seconds after SIGTERM.
	defaultShutdownGrace = 9 * time.Second
)

func settingsFromEnv(getenv func(string) string) (settings, error) {
	s := settings{
		timeout:           defaultTimeout,
		timeoutSource:     "the default; set FUNCTION_TIMEOUT_SEC or GO_HANDOFF_TIMEOUT to change it",
		maxBodyBytes:      defaultMaxBodyBytes,
		readHeaderTimeout: defaultReadHeaderTimeout,
		idleTimeout:       defaultIdleTimeout,
		body:              server.DefaultBodyBounds,
		maxConnections:    server.DefaultMaxConnections(),
		shutdownGrace:     defaultShutdownGrace,
		drain:             linger.DefaultBounds,
	}
	// The platform's setting first, then ours, which wins.
	for _, name := range []string{"CLOUD_RUN_TIMEOUT_SECONDS", "FUNCTION_TIMEOUT_SEC"} {
		if text := getenv(name); text != "" {
			seconds, err := strconv.ParseFloat(text, 64)
			if err != nil || seconds < 0 {
				return s, fmt.Errorf("%s=%q is not a number of seconds", name, text)
			}
			s.timeout, s.timeoutSource = time.Duration(seconds*float64(time.Second)), name
		}
	}
	durations := []struct {
		name   string
		target *time.Duration
	}{
		{"GO_HANDOFF_TIMEOUT", &s.timeout},
		{"GO_HANDOFF_READ_HEADER_TIMEOUT", &s.readHeaderTimeout},
		{"GO_HANDOFF_IDLE_TIMEOUT", &s.idleTimeout},
		{"GO_HANDOFF_BODY_TIMEOUT", &s.body.Timeout},
		{"GO_HANDOFF_SHUTDOWN_GRACE", &s.shutdownGrace},
	}
	for _, d := range durations {
		if text := getenv(d.name); text != "" {
			value, err := time.ParseDuration(text)
			if err != nil || value < 0 {
				return s, fmt.Errorf("%s=%q is not a duration such as 30s or 2m (0 for none)", d.name, text)
			}
			*d.target = value
			if d.name == "GO_HANDOFF_TIMEOUT" {
				s.timeoutSource = d.name
			}
		}
	}
	if text := getenv("GO_HANDOFF_MAX_BODY_BYTES"); text != "" {
		value, err := strconv.ParseInt(text, 10, 64)
		if err != nil || value <= 0 {
			return s, fmt.Errorf("GO_HANDOFF_MAX_BODY_BYTES=%q is not a positive number of bytes", text)
		}
		s.maxBodyBytes = value
	}
	if text := getenv("GO_HANDOFF_BODY_MIN_RATE"); text != "" {
		value, err := strconv.ParseInt(text, 10, 64)
		if err != nil || value < 0 {
			return s, fmt.Errorf("GO_HANDOFF_BODY_MIN_RATE=%q is not a number of bytes per second (0 for none)", text)
		}
		s.body.MinRate = value
	}
	if text := getenv("GO_HANDOFF_MAX_CONNECTIONS"); text != "" {
		value, err := strconv.Atoi(text)
		if err != nil || value < 0 {
			return s, fmt.Errorf("GO_HANDOFF_MAX_CONNECTIONS=%q is not a number of connections (0 for no cap)", text)
		}
		s.maxConnections = value
	}
	if text := getenv("GO_HANDOFF_DRAIN_BYTES"); text != "" {
		value, err := strconv.ParseInt(text, 10, 64)
		if err != nil || value <= 0 {
			return s, fmt.Errorf("GO_HANDOFF_DRAIN_BYTES=%q is not a positive number of bytes", text)
		}
		s.drain.Bytes = value
	}
	if text := getenv("GO_HANDOFF_DRAIN_TIME"); text != "" {
		value, err := time.ParseDuration(text)
		if err != nil || value <= 0 {
			return s, fmt.Errorf("GO_HANDOFF_DRAIN_TIME=%q is not a positive duration such as 5s or 500ms", text)
		}
		s.drain.Time = value
	}
	return s, nil
}
