// Package target decides which of a package's functions a binary serves: the
// host's target when it names one, else the default (Handle, or the only
// function there is). The build (internal/prepare) and the running binary
// (internal/entrypoint) both use it, so that a wrong target gets the same
// message at build time and at run time.
package target
