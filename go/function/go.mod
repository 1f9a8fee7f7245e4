module function

go 1.26

require github.com/go-handoff/go-handoff v0.0.0

// The build points this at the SDK in this repository wherever the function
// folder lives; the relative path serves editors and `go run` here.
replace github.com/go-handoff/go-handoff => ../
