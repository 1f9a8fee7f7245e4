package server

import (
	"log"
	"log/slog"
)

// slogErrorLog is a *log.Logger for net/http's own messages, written
// through slog's default handler at warning level.
func slogErrorLog() *log.Logger {
	return slog.NewLogLogger(slog.Default().Handler(), slog.LevelWarn)
}
