package start

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/go-handoff/go-handoff/internal/logging"
)

// What importing the SDK changes in the process, whichever way in: the
// handoff package, the generated main's handoffimpl, the compatibility
// packages. It happens when this package is initialised, before the
// function's own init functions run, so that what they log is formatted and
// what they allocate is bounded. handoff's package documentation tells
// users; docs/logging.md and docs/platforms.md have the details.
func init() {
	installLogging()
	// After the logging: the line it logs is in the host's format.
	setMemoryLimit()
}

// installLogging makes slog's default logger, and through it the log
// package, write go-handoff's lines in the host's format. Standard output
// and error stay the host's: what fmt writes goes out unchanged.
func installLogging() {
	settings, err := logging.FromEnv(os.Getenv)
	if err != nil {
		fmt.Fprintf(os.Stderr, "go-handoff: %v; logging as text, at level info\n", err)
		settings = logging.Settings{Format: logging.Text, Level: slog.LevelInfo}
	}
	logging.Install(settings)
}
