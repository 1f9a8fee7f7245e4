// Package schema names what crosses between go-handoff's TypeScript side and
// its Go side, so that each thing is written once:
//
//   - the build's plan, which `go run ./internal/cmd/prepare` prints for the
//     TypeScript build (prepare.Plan, its Contracts and FunctionContracts);
//   - the archive's manifest, the goHandoff section of its package.json,
//     which the TypeScript packager writes from the plan, and the loader and
//     `go-handoff inspect` read (ArchiveManifest);
//   - the variables the loader sets for the Go binary when it hands over
//     (the Env constants, and Hosts), the signature types the Go side takes
//     (entrypoint.SignatureTypes), and the names the loader gives the
//     descriptors it passes in LISTEN_FDNAMES (activation's Name constants).
//
// testdata/schema.json describes them all in JSON Schema. Its test writes it
// from the Go types and constants (`go test ./internal/schema -update`) and
// fails while it is out of date; the repository's test/unit/schema.test.ts
// holds the TypeScript side (src/schema.ts) to it. A change on one side that
// the other does not follow fails a test.
//
// CONTRIBUTING.md ("What crosses between Go and TypeScript") says how to
// add a variable for the loader to set.
//
// The package imports nothing: every part of the Go side may read its
// constants.
package schema
