package activation

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// FirstFd is the first passed descriptor, by the convention.
const FirstFd = 3

// File is one passed descriptor and its name.
type File struct {
	Name string
	*os.File
}

// osEnv is the part of the OS this package reads and changes, kept in one
// place so that tests can stand in for it.
type osEnv struct {
	getenv      func(string) string
	unsetenv    func(string) error
	getpid      func() int
	closeOnExec func(fd int)
}

var realOS = osEnv{
	getenv:      os.Getenv,
	unsetenv:    os.Unsetenv,
	getpid:      os.Getpid,
	closeOnExec: syscall.CloseOnExec,
}

// Files returns the descriptors passed to this process, or none when
// LISTEN_PID names another process (the variables were inherited from a
// parent that was itself socket-activated) or LISTEN_FDS is unset.
func Files() ([]File, error) { return realOS.files() }

func (e osEnv) files() ([]File, error) {
	defer e.unset()
	countText := e.getenv("LISTEN_FDS")
	if countText == "" {
		return nil, nil
	}
	if pidText := e.getenv("LISTEN_PID"); pidText != "" {
		pid, err := strconv.Atoi(pidText)
		if err != nil {
			return nil, fmt.Errorf("activation: LISTEN_PID=%q is not a process id", pidText)
		}
		if pid != e.getpid() {
			return nil, nil
		}
	}
	count, err := strconv.Atoi(countText)
	if err != nil || count < 0 {
		return nil, fmt.Errorf("activation: LISTEN_FDS=%q is not a count of descriptors", countText)
	}
	names := namesFor(e.getenv("LISTEN_FDNAMES"), count)
	files := make([]File, 0, count)
	for i := 0; i < count; i++ {
		fd := FirstFd + i
		// Our own children must not inherit them by accident.
		e.closeOnExec(fd)
		files = append(files, File{Name: names[i], File: os.NewFile(uintptr(fd), names[i])})
	}
	return files, nil
}

// namesFor splits LISTEN_FDNAMES, or names every descriptor "unknown" (as
// systemd does) when the list is missing or does not match the count.
func namesFor(list string, count int) []string {
	names := strings.Split(list, ":")
	if list == "" || len(names) != count {
		names = make([]string, count)
		for i := range names {
			names[i] = "unknown"
		}
	}
	return names
}

func (e osEnv) unset() {
	for _, name := range []string{"LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"} {
		_ = e.unsetenv(name)
	}
}
