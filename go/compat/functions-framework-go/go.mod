// The stand-in for functions-framework-go: the same packages (functions,
// funcframework) with the same API, served by go-handoff. The build points
// the module path at this folder with a replace in its copy of the user's
// go.mod; see internal/prepare.
module github.com/GoogleCloudPlatform/functions-framework-go

go 1.23

require (
	github.com/cloudevents/sdk-go/v2 v2.15.2
	github.com/go-handoff/go-handoff v0.0.0
)

require (
	github.com/json-iterator/go v1.1.10 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v0.0.0-20180701023420-4b7aa43c6742 // indirect
)

// For this module's own tests; a build's go.mod has its own replace.
replace github.com/go-handoff/go-handoff => ../..
