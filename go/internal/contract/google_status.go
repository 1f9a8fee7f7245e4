package contract

// X-Google-Status is the header functions-framework sets on an answer the
// function did not give as it meant to, so that the host's logs tell a
// function that failed (GoogleStatusError: it returned an error, it timed
// out, its target names nothing) from one that crashed (GoogleStatusCrash:
// it panicked; for functions-framework-go's typed and background functions,
// also input it could not decode). Every answer go-handoff writes for a
// function sets it from here: the contracts', the background functions'
// (internal/entrypoint), and the functions-framework-go stand-in's.
const (
	GoogleStatusHeader = "X-Google-Status"
	GoogleStatusError  = "error"
	GoogleStatusCrash  = "crash"
)
