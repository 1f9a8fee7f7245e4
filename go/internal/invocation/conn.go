package invocation

import (
	"context"
	"net"
)

type connKey struct{}

// WithConn records the connection a request came on, for http.Server's
// ConnContext: the deadline guard answers a timed-out request on it.
func WithConn(ctx context.Context, conn net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, conn)
}

// ConnFrom is the connection WithConn recorded; nil when there is none.
func ConnFrom(ctx context.Context) net.Conn {
	conn, _ := ctx.Value(connKey{}).(net.Conn)
	return conn
}
