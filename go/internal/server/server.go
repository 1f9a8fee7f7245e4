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

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/logging"
)

// Config says what to serve and how.
type Config struct {
	// Handler is the function, already adapted to HTTP.
	Handler http.Handler
	// LegacyRoutes answers /load and /check itself, for lazy-loading workers.
	LegacyRoutes bool
	// EmulatorHealth answers GET /__/health itself, under the Firebase emulator.
	EmulatorHealth bool
	// ReadHeaderTimeout bounds how long a client may take to send its headers.
	ReadHeaderTimeout time.Duration
	// ShutdownGrace bounds how long in-flight requests and OnShutdown may
	// still run after SIGTERM or SIGINT.
	ShutdownGrace time.Duration
	// OnShutdown runs once in-flight requests have finished, with what is
	// left of the grace period.
	OnShutdown func(ctx context.Context)
}

// lingerLimit bounds how long a connection Node.js answered may keep the
// process busy while the client closes its side.
const lingerLimit = 5 * time.Second

// Run serves until SIGTERM or SIGINT (then shuts down gracefully and returns
// nil) or until serving fails.
func Run(cfg Config) error {
	passed, origin, err := sockets()
	if err != nil {
		return err
	}
	handler := cfg.Handler
	if cfg.LegacyRoutes {
		handler = withLegacyRoutes(handler)
	}
	if cfg.EmulatorHealth {
		handler = withEmulatorHealth(handler)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		// net/http's own complaints (a client's TLS handshake on the plain
		// port, say) go to the logs like everything else.
		ErrorLog: slogErrorLog(),
		// The deadline guard answers a timed-out request on its connection.
		ConnContext: invocation.WithConn,
	}

	// Before serving, and before saying so: a SIGTERM from then on shuts
	// down gracefully.
	stopping := make(chan os.Signal, 1)
	signal.Notify(stopping, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(stopping)

	for _, conn := range passed.Finishing {
		go finishLingering(conn, lingerLimit)
	}
	served := make(chan error, len(passed.Listeners))
	var listeners []*gracefulListener
	for i, raw := range passed.Listeners {
		logging.SDK(logging.Info, "serving on %s (%s, pid %d)", raw.Addr(), origin, os.Getpid())
		listener := raw
		if i == 0 {
			listener = withPassedConns(listener, passed.Conns)
		}
		graceful := newGracefulListener(listener, raw)
		listeners = append(listeners, graceful)
		go func() { served <- srv.Serve(graceful) }()
	}

	select {
	case err := <-served:
		srv.Close()
		return fmt.Errorf("serving stopped: %w", err)
	case sig := <-stopping:
		// A second signal falls back to the default action: stop at once.
		signal.Stop(stopping)
		logging.SDK(logging.Info, "%s: finishing in-flight requests (up to %s)", sig, cfg.ShutdownGrace)
		return shutdown(srv, cfg, listeners, served)
	}
}

func shutdown(srv *http.Server, cfg Config, listeners []*gracefulListener, served <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	// Take what is queued first; Shutdown would reset it by closing the sockets.
	for _, l := range listeners {
		l.drain()
	}
	for range listeners {
		select {
		case <-served:
		case <-ctx.Done():
		}
	}
	err := srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		logging.SDK(logging.Warning, "requests still running after %s; closing their connections", cfg.ShutdownGrace)
		err = srv.Close()
	}
	if cfg.OnShutdown != nil {
		cfg.OnShutdown(ctx)
	}
	return err
}
