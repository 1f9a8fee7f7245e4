package handoff

import (
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/server"
)

func TestSettingsFromEnv(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	defaults, err := settingsFromEnv(env(nil))
	if err != nil || defaults.timeout != 60*time.Second || defaults.maxBodyBytes != 32<<20 || defaults.readHeaderTimeout != 10*time.Second || defaults.shutdownGrace != 9*time.Second {
		t.Errorf("defaults: %+v, %v", defaults, err)
	}
	if defaults.drain.Bytes != 128<<20 || defaults.drain.Time != 5*time.Second {
		t.Errorf("drain defaults: %+v, want 128 MiB and 5s", defaults.drain)
	}
	if defaults.idleTimeout != 5*time.Second || defaults.body != server.DefaultBodyBounds || defaults.maxConnections != server.DefaultMaxConnections() || defaults.maxConnections <= 0 {
		t.Errorf("connection defaults: idle %s, body %+v, max connections %d", defaults.idleTimeout, defaults.body, defaults.maxConnections)
	}
	connections, err := settingsFromEnv(env(map[string]string{"GO_HANDOFF_IDLE_TIMEOUT": "1s", "GO_HANDOFF_BODY_TIMEOUT": "2s", "GO_HANDOFF_BODY_MIN_RATE": "1024", "GO_HANDOFF_MAX_CONNECTIONS": "500"}))
	if err != nil || connections.idleTimeout != time.Second || connections.body != (server.BodyBounds{Timeout: 2 * time.Second, MinRate: 1024}) || connections.maxConnections != 500 {
		t.Errorf("GO_HANDOFF_IDLE_TIMEOUT, _BODY_*, _MAX_CONNECTIONS: %+v, %v", connections, err)
	}
	none, err := settingsFromEnv(env(map[string]string{"GO_HANDOFF_IDLE_TIMEOUT": "0", "GO_HANDOFF_BODY_TIMEOUT": "0", "GO_HANDOFF_BODY_MIN_RATE": "0", "GO_HANDOFF_MAX_CONNECTIONS": "0"}))
	if err != nil || none.idleTimeout != 0 || none.body != (server.BodyBounds{}) || none.maxConnections != 0 {
		t.Errorf("0 for none: %+v, %v", none, err)
	}
	drain, err := settingsFromEnv(env(map[string]string{"GO_HANDOFF_DRAIN_BYTES": "1048576", "GO_HANDOFF_DRAIN_TIME": "250ms"}))
	if err != nil || drain.drain.Bytes != 1<<20 || drain.drain.Time != 250*time.Millisecond {
		t.Errorf("GO_HANDOFF_DRAIN_*: %+v, %v", drain.drain, err)
	}
	tests := []struct {
		vars        map[string]string
		timeout     time.Duration
		source      string
		maxBody     int64
		errContains string
	}{
		{map[string]string{"FUNCTION_TIMEOUT_SEC": "540"}, 540 * time.Second, "FUNCTION_TIMEOUT_SEC", 32 << 20, ""},
		{map[string]string{"CLOUD_RUN_TIMEOUT_SECONDS": "300"}, 300 * time.Second, "CLOUD_RUN_TIMEOUT_SECONDS", 32 << 20, ""},
		{map[string]string{"FUNCTION_TIMEOUT_SEC": "540", "GO_HANDOFF_TIMEOUT": "1.5s"}, 1500 * time.Millisecond, "GO_HANDOFF_TIMEOUT", 32 << 20, ""},
		{map[string]string{"GO_HANDOFF_TIMEOUT": "0"}, 0, "GO_HANDOFF_TIMEOUT", 32 << 20, ""},
		{map[string]string{"GO_HANDOFF_MAX_BODY_BYTES": "1024"}, 60 * time.Second, "the default", 1024, ""},
		{map[string]string{"FUNCTION_TIMEOUT_SEC": "soon"}, 0, "", 0, `FUNCTION_TIMEOUT_SEC="soon" is not a number of seconds`},
		{map[string]string{"GO_HANDOFF_TIMEOUT": "5"}, 0, "", 0, `GO_HANDOFF_TIMEOUT="5" is not a duration`},
		{map[string]string{"GO_HANDOFF_MAX_BODY_BYTES": "-1"}, 0, "", 0, "is not a positive number of bytes"},
		{map[string]string{"GO_HANDOFF_DRAIN_BYTES": "0"}, 0, "", 0, `GO_HANDOFF_DRAIN_BYTES="0" is not a positive number of bytes`},
		{map[string]string{"GO_HANDOFF_DRAIN_TIME": "5"}, 0, "", 0, `GO_HANDOFF_DRAIN_TIME="5" is not a positive duration`},
		{map[string]string{"GO_HANDOFF_IDLE_TIMEOUT": "5"}, 0, "", 0, `GO_HANDOFF_IDLE_TIMEOUT="5" is not a duration`},
		{map[string]string{"GO_HANDOFF_BODY_TIMEOUT": "-1s"}, 0, "", 0, `GO_HANDOFF_BODY_TIMEOUT="-1s" is not a duration`},
		{map[string]string{"GO_HANDOFF_BODY_MIN_RATE": "fast"}, 0, "", 0, `GO_HANDOFF_BODY_MIN_RATE="fast" is not a number of bytes per second`},
		{map[string]string{"GO_HANDOFF_MAX_CONNECTIONS": "-5"}, 0, "", 0, `GO_HANDOFF_MAX_CONNECTIONS="-5" is not a number of connections`},
	}
	for _, tt := range tests {
		s, err := settingsFromEnv(env(tt.vars))
		if tt.errContains != "" {
			if err == nil || !strings.Contains(err.Error(), tt.errContains) {
				t.Errorf("%v: got error %v, want %q", tt.vars, err, tt.errContains)
			}
			continue
		}
		if err != nil || s.timeout != tt.timeout || !strings.HasPrefix(s.timeoutSource, tt.source) || s.maxBodyBytes != tt.maxBody {
			t.Errorf("%v: got %+v, %v", tt.vars, s, err)
		}
	}
}
