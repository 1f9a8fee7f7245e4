package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/go-handoff/go-handoff/internal/invocation"
	"github.com/go-handoff/go-handoff/internal/linger"
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
	// IdleTimeout bounds how long a keep-alive connection may wait for its
	// next request; 0: for ever.
	IdleTimeout time.Duration
	// Body bounds how long a client may keep the server waiting for a
	// request's body (zero: no bound).
	Body BodyBounds
	// MaxConnections caps the connections held at once (connectionCap);
	// 0: no cap.
	MaxConnections int
	// ShutdownGrace bounds how long in-flight requests and OnShutdown may
	// still run after SIGTERM or SIGINT.
	ShutdownGrace time.Duration
	// OnShutdown runs once in-flight requests have finished, with what is
	// left of the grace period.
	OnShutdown func(ctx context.Context)
	// Drain bounds the lingering close of a connection answered before its
	// request's body was read (zero fields: linger.DefaultBounds).
	Drain linger.Bounds
}

// Run serves until SIGTERM or SIGINT (then shuts down gracefully and returns
// nil) or until serving fails.
func Run(cfg Config) error {
	passed, origin, err := sockets()
	if err != nil {
		return err
	}
	srv := newHTTPServer(cfg)

	// Before serving, and before saying so: a SIGTERM from then on shuts
	// down gracefully.
	stopping := make(chan os.Signal, 1)
	signal.Notify(stopping, syscall.SIGTERM, os.Interrupt)
	defer signal.Stop(stopping)

	// Connections answered before their body was read are half-closed and
	// drained before they close, so that clients that send the whole body
	// first still read the answer; Node.js's last answers the same way.
	drains := linger.New(cfg.Drain)
	for _, conn := range passed.Finishing {
		drains.Finish(conn)
	}
	served := make(chan error, len(passed.Listeners))
	var listeners []*gracefulListener
	for i, raw := range passed.Listeners {
		logging.SDK(logging.Info, "serving on %s (%s, pid %d)", raw.Addr(), origin, os.Getpid())
		listener := raw
		if i == 0 {
			listener = withPassedConns(listener, passed.Conns)
		}
		graceful := newGracefulListener(servingListener(listener, drains), raw)
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
		return shutdown(srv, cfg, listeners, served, drains)
	}
}

// newHTTPServer is the http.Server that serves cfg's function, on
// listeners made by servingListener.
func newHTTPServer(cfg Config) *http.Server {
	handler := cfg.Handler
	if cfg.LegacyRoutes {
		handler = withLegacyRoutes(handler)
	}
	if cfg.EmulatorHealth {
		handler = withEmulatorHealth(handler)
	}
	return &http.Server{
		Handler:           withFramingChecked(withBodyBounds(handler, cfg.Body)),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ConnState:         newConnectionCap(cfg.MaxConnections).observe,
		// Every request reaches withFramingChecked, "OPTIONS *" included,
		// so that its verdicts stay in step with the requests.
		DisableGeneralOptionsHandler: true,
		// net/http's own complaints (a client's TLS handshake on the plain
		// port, say) go to the logs like everything else.
		ErrorLog: slogErrorLog(),
		// The deadline guard answers a timed-out request on its connection.
		ConnContext: invocation.WithConn,
	}
}

// servingListener makes each connection l accepts one the server can
// serve: a servedConn (framing, connection cap) under a linger.Conn
// (lingering close, bytes sent).
func servingListener(l net.Listener, drains *linger.Drains) net.Listener {
	return drains.Listener(withServedConns(l))
}

func shutdown(srv *http.Server, cfg Config, listeners []*gracefulListener, served <-chan error, drains *linger.Drains) error {
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
	// Drains are bounded by time already; the grace period cuts them
	// shorter. The hooks need not wait for them.
	drained := make(chan struct{})
	go func() { drains.Wait(ctx); close(drained) }()
	if cfg.OnShutdown != nil {
		cfg.OnShutdown(ctx)
	}
	<-drained
	return err
}
