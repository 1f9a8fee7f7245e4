package logging

import (
	"os"
)

// drainScript runs in a helper process for as long as the function's
// process lives. It waits, without reading anything, until the lifeline
// (fd 5) closes, which happens when the function's process is gone; then it
// copies whatever is left in the captured stdout and stderr pipes (fds 3 and
// 4) to the original outputs. A crash, an os.Exit or log.Fatal ends the
// process before its own reader can take the last lines out of the pipes:
// this way they still reach the host's logs, as the raw text they were.
// Signals are ignored so that the helper outlives whatever stops the
// function. The capture's markers are taken out (with sed, when there is one).
const drainScript = `trap '' INT TERM HUP
if command -v sed >/dev/null 2>&1; then
  copy() { sed -e 's/\x00go-handoff-[a-z]*:[0-9]*\x00//g' -e '/^$/d'; }
else
  copy() { cat; }
fi
read _ <&5
copy <&3
copy <&4 >&2`

// startDrainAfterExit starts the helper with the read ends of the captured
// pipes, and returns the lifeline's write end, which the process keeps open
// (close-on-exec: its own children must not keep it alive). It returns nil
// when the helper cannot start (no /bin/sh here): capture works without it.
func startDrainAfterExit(stdout, stderr, readOut, readErr *os.File) *os.File {
	lifelineRead, lifelineWrite, err := os.Pipe()
	if err != nil {
		return nil
	}
	defer lifelineRead.Close()
	devNull, err := os.Open(os.DevNull)
	if err != nil {
		lifelineWrite.Close()
		return nil
	}
	defer devNull.Close()
	process, err := os.StartProcess("/bin/sh", []string{"sh", "-c", drainScript}, &os.ProcAttr{
		Files: []*os.File{devNull, stdout, stderr, readOut, readErr, lifelineRead},
	})
	if err != nil {
		lifelineWrite.Close()
		return nil
	}
	// Never waited for: it outlives this process by design.
	_ = process.Release()
	return lifelineWrite
}
