package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Config says what to serve and how.
type Config struct {
	// Handler is the function, already adapted to HTTP.
	Handler http.Handler
	// LegacyRoutes answers /load and /check itself, for lazy-loading workers.
	LegacyRoutes bool
	// ShutdownGrace bounds how long in-flight requests may still run after
	// SIGTERM or SIGINT.
	ShutdownGrace time.Duration
	// Logf reports start-up and shutdown; nil means standard error.
	Logf func(format string, args ...any)
}

// lingerLimit bounds how long a connection Node.js answered may keep the
// process busy while the client closes its side.
const lingerLimit = 5 * time.Second

// Run serves until SIGTERM or SIGINT (then shuts down gracefully and returns
// nil) or until serving fails.
func Run(cfg Config) error {
	logf := cfg.Logf
	if logf == nil {
		logf = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	}
	passed, origin, err := sockets()
	if err != nil {
		return err
	}
	handler := cfg.Handler
	if cfg.LegacyRoutes {
		handler = withLegacyRoutes(handler)
	}
	srv := &http.Server{Handler: handler}

	for _, conn := range passed.Finishing {
		go finishLingering(conn, lingerLimit)
	}
	served := make(chan error, len(passed.Listeners))
	for i, listener := range passed.Listeners {
		logf("go-handoff: serving on %s (%s, pid %d)", listener.Addr(), origin, os.Getpid())
		if i == 0 {
			listener = withPassedConns(listener, passed.Conns)
		}
		go func() { served <- srv.Serve(listener) }()
	}

	stopping := make(chan os.Signal, 1)
	signal.Notify(stopping, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(stopping)
	select {
	case err := <-served:
		srv.Close()
		return fmt.Errorf("serving stopped: %w", err)
	case sig := <-stopping:
		// A second signal falls back to the default action: stop at once.
		signal.Stop(stopping)
		logf("go-handoff: %s: finishing in-flight requests (up to %s)", sig, cfg.ShutdownGrace)
		return shutdown(srv, cfg.ShutdownGrace, logf)
	}
}

func shutdown(srv *http.Server, grace time.Duration, logf func(string, ...any)) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		logf("go-handoff: requests still running after %s; closing their connections", grace)
		return srv.Close()
	}
	return err
}
