module example.com/firebase

go 1.26

require github.com/go-handoff/go-handoff v0.0.0

// The build points this at the SDK wherever the folder lives.
replace github.com/go-handoff/go-handoff => ../../..
