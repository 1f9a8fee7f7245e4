package server

import (
	"fmt"
	"net"
	"os"

	"github.com/go-handoff/go-handoff/internal/activation"
	"github.com/go-handoff/go-handoff/internal/logging"
	"github.com/go-handoff/go-handoff/internal/schema"
)

// DefaultPort is used when neither LISTEN_FDS nor PORT says where to listen.
const DefaultPort = "8080"

// sockets returns what to serve on: the passed descriptors when there are
// any, else a new listener on $PORT.
func sockets() (activation.Passed, string, error) {
	passed, err := activation.Take()
	if err != nil {
		return activation.Passed{}, "", err
	}
	if len(passed.Listeners) > 0 {
		return passed, "handed over by the parent process", nil
	}
	if passed.Ignored != "" {
		logging.SDK(logging.Warning, "%s", passed.Ignored)
	}
	if len(passed.Conns) > 0 || len(passed.Finishing) > 0 {
		passed.Close()
		return activation.Passed{}, "", fmt.Errorf("LISTEN_FDS passed connections but no listening socket; pass the listener named %q too", activation.NameListener)
	}
	port := os.Getenv(schema.EnvPort)
	if port == "" {
		port = DefaultPort
	}
	listener, err := net.Listen("tcp", ":"+port)
	if err != nil {
		return activation.Passed{}, "", fmt.Errorf("listening on port %s (from $PORT, default %s): %w", port, DefaultPort, err)
	}
	return activation.Passed{Listeners: []net.Listener{listener}}, "opened on $PORT", nil
}
