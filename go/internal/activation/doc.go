// Package activation takes over the descriptors a parent handed this process
// in systemd's socket-activation convention: LISTEN_FDS descriptors starting
// at fd 3, meant for the process whose PID is LISTEN_PID, named by the
// colon-separated LISTEN_FDNAMES.
//
// go-handoff's Node.js addon uses the same convention when it execs the Go
// binary, naming the host's listening socket "http" and any connection Node
// had accepted but not yet read from "conn"; systemd units work unchanged.
//
// As with systemd's own sd_listen_fds, this works once per process: the
// variables are unset after the first call so that child processes do not
// mistake the descriptors for theirs.
package activation
