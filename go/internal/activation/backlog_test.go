package activation

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// listenBacklog reads a listening socket's backlog the way ss(8) shows it
// (Send-Q of a LISTEN socket), for the socket on port.
func listenBacklog(t *testing.T, port int) int {
	t.Helper()
	out, err := exec.Command("ss", "-Hltn", "sport = :"+strconv.Itoa(port)).Output()
	if err != nil {
		t.Fatalf("ss (iproute2) is needed to read the backlog: %v", err)
	}
	fields := strings.Fields(string(out))
	if len(fields) < 3 {
		t.Fatalf("no listening socket on port %d in %q", port, out)
	}
	n, err := strconv.Atoi(fields[2])
	if err != nil {
		t.Fatalf("ss printed %q", out)
	}
	return n
}
