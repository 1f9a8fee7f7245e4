module github.com/go-handoff/go-handoff

go 1.23
