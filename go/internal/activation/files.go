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

// Files returns the descriptors passed to this process. There are none
// when LISTEN_FDS is unset, and none taken when LISTEN_PID does not name
// this process: as systemd's sd_listen_fds and go-systemd require, a
// descriptor count without the pid it is for may have been inherited from
// another process (a socket-activated parent's environment), and the
// descriptors at 3.. are then not these. ignored says why descriptors
// LISTEN_FDS counts were not taken, for the log ("" when none were left).
//
// go-handoff's addon sets LISTEN_PID to its own pid, which execve keeps; a
// launcher that cannot know the pid before it starts the program sets it
// from a shell that then execs: LISTEN_PID=$$ exec <program>.
func Files() (files []File, ignored string, err error) { return realOS.files() }

func (e osEnv) files() ([]File, string, error) {
	defer e.unset()
	countText := e.getenv("LISTEN_FDS")
	if countText == "" {
		return nil, "", nil
	}
	pidText := e.getenv("LISTEN_PID")
	if pidText == "" {
		return nil, fmt.Sprintf("LISTEN_FDS=%s came without LISTEN_PID, the process the descriptors are for (systemd's convention): they are not taken; a launcher sets LISTEN_PID to the program's pid (from a shell: LISTEN_PID=$$ exec <program>)", countText), nil
	}
	pid, err := strconv.Atoi(pidText)
	if err != nil {
		return nil, "", fmt.Errorf("activation: LISTEN_PID=%q is not a process id", pidText)
	}
	if pid != e.getpid() {
		return nil, fmt.Sprintf("LISTEN_FDS=%s is for process %d (LISTEN_PID), not this one (%d): the descriptors are not taken", countText, pid, e.getpid()), nil
	}
	count, err := strconv.Atoi(countText)
	if err != nil || count < 0 {
		return nil, "", fmt.Errorf("activation: LISTEN_FDS=%q is not a count of descriptors", countText)
	}
	names := namesFor(e.getenv("LISTEN_FDNAMES"), count)
	files := make([]File, 0, count)
	for i := 0; i < count; i++ {
		fd := FirstFd + i
		// Our own children must not inherit them by accident.
		e.closeOnExec(fd)
		files = append(files, File{Name: names[i], File: os.NewFile(uintptr(fd), names[i])})
	}
	return files, "", nil
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
