package schema

// The variables the loader adds to the Go binary's environment when it hands
// over (src/loader/host.ts, target-name.ts, memory-hint.ts; the archive's
// exec-wrapper sets EnvHost too), besides the host's own. Go code reads them
// by these names. The settings a user sets (GO_HANDOFF_ERRORS,
// GO_HANDOFF_TIMEOUT and the like) are not here: the loader passes them on
// untouched, as it does every variable of the host's.
const (
	// EnvHost names the host that handed over: one of Hosts. Always set.
	EnvHost = "GO_HANDOFF_HOST"
	// EnvTarget is the function to serve: functions-framework's --target,
	// or on Firebase the Go function an export's name means. It wins over
	// the platform's FUNCTION_TARGET.
	EnvTarget = "GO_HANDOFF_TARGET"
	// EnvSignatureType is functions-framework's --signature-type, one of
	// entrypoint.SignatureTypes. It wins over the platform's
	// FUNCTION_SIGNATURE_TYPE.
	EnvSignatureType = "GO_HANDOFF_SIGNATURE_TYPE"
	// EnvPort is the port Go listens on when no socket is handed over. The
	// platform sets it; the loader sets it only in the early hand-over,
	// from functions-framework's --port, which wins there.
	EnvPort = "PORT"
	// EnvMaxOldSpaceSize is the --max-old-space-size (in MiB) given on
	// node's own command line, which the Go process cannot see there
	// (src/loader/memory-hint.ts); set only when there is one. Go's memory
	// limit reads it as a sign of the instance's memory (internal/memlimit).
	EnvMaxOldSpaceSize = "GO_HANDOFF_MAX_OLD_SPACE_SIZE"
)

// The values of EnvHost.
const (
	// HostFunctionsFramework: functions-framework and the like, which
	// required the loader before their server listened.
	HostFunctionsFramework = "functions-framework"
	// HostEarly: preloaded with NODE_OPTIONS=--require, before the host's
	// own code; Go listens on EnvPort.
	HostEarly = "early"
	// HostLazy: an old lazy-loading worker, which required the loader
	// inside a request: Go answers its /load and /check itself.
	HostLazy = "lazy"
	// HostLambda: AWS Lambda's Node.js runtime, or the archive's
	// exec-wrapper: Go runs the Runtime API loop.
	HostLambda = "lambda"
)

// Hosts are the values of EnvHost.
var Hosts = []string{HostFunctionsFramework, HostEarly, HostLazy, HostLambda}
