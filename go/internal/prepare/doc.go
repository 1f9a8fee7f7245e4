// Package prepare turns a user's function folder into a Go build: a copy in a
// work folder (the user's folder is never written to), a go.mod that points
// at this SDK, and a main package when the function has none. It also says
// which contract the function uses, or why it cannot be built.
package prepare
