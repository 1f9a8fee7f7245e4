package schema

// ArchiveManifest is the goHandoff section of an archive's package.json. The
// TypeScript packager writes it (src/package/archive-manifest.ts); the loader
// reads the binary's name and the functions from it, and `go-handoff inspect`
// checks it. No Go code reads it: it is described here because it carries
// the plan's contract and functions.
type ArchiveManifest struct {
	// Binary is the Go binary's file name inside the archive.
	Binary string `json:"binary"`
	// GOOS and GOARCH are the binary's platform.
	GOOS   string `json:"goos"`
	GOARCH string `json:"goarch"`
	// Contract is the plan's: one of prepare.Contracts.
	Contract string `json:"contract"`
	// Functions are the names of the functions the binary offers, one of
	// which the host's target picks; none when the package has its own main.
	Functions []string `json:"functions,omitempty"`
	// BuiltWith is the version of go-handoff that wrote the archive.
	BuiltWith string `json:"builtWith"`
}
