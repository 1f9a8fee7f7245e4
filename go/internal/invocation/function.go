package invocation

import (
	"os"
	"strconv"

	"github.com/go-handoff/go-handoff/internal/memlimit"
)

// Function is what the platform says about the function being run. It does
// not change between invocations.
type Function struct {
	// Name: K_SERVICE (Cloud Run, Cloud Functions 2nd gen), FUNCTION_NAME
	// (1st gen), AWS_LAMBDA_FUNCTION_NAME, else FUNCTION_TARGET or the entry
	// point the host asked the loader for (GO_HANDOFF_TARGET).
	Name string
	// ID: FUNCTION_ID when the platform sets one, else the name.
	ID string
	// Version: K_REVISION, X_GOOGLE_FUNCTION_VERSION, AWS_LAMBDA_FUNCTION_VERSION.
	Version string
	// OrganizationID: ORGANIZATION_ID, else the Google Cloud project
	// (GOOGLE_CLOUD_PROJECT, GCP_PROJECT, GCLOUD_PROJECT).
	OrganizationID string
	// MemoryLimitInMB: FUNCTION_MEMORY_MB, AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
	// else the cgroup's memory limit; 0 when unlimited or unknown.
	MemoryLimitInMB int
	// LogGroupName and LogStreamName: AWS_LAMBDA_LOG_GROUP_NAME and AWS_LAMBDA_LOG_STREAM_NAME.
	LogGroupName  string
	LogStreamName string
}

// FunctionFromEnv reads Function from the environment (getenv) and, for the
// memory limit, the cgroup files (readFile).
func FunctionFromEnv(getenv func(string) string, readFile func(string) ([]byte, error)) Function {
	first := func(names ...string) string {
		for _, name := range names {
			if value := getenv(name); value != "" {
				return value
			}
		}
		return ""
	}
	f := Function{
		Name:           first("K_SERVICE", "FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_NAME", "FUNCTION_TARGET", "GO_HANDOFF_TARGET"),
		Version:        first("K_REVISION", "X_GOOGLE_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_VERSION"),
		OrganizationID: first("ORGANIZATION_ID", "GOOGLE_CLOUD_PROJECT", "GCP_PROJECT", "GCLOUD_PROJECT"),
		LogGroupName:   getenv("AWS_LAMBDA_LOG_GROUP_NAME"),
		LogStreamName:  getenv("AWS_LAMBDA_LOG_STREAM_NAME"),
	}
	f.ID = first("FUNCTION_ID")
	if f.ID == "" {
		f.ID = f.Name
	}
	if mb, err := strconv.Atoi(first("FUNCTION_MEMORY_MB", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE")); err == nil {
		f.MemoryLimitInMB = mb
	} else {
		f.MemoryLimitInMB = cgroupMemoryMB(getenv, readFile)
	}
	return f
}

// cgroupMemoryMB reads the memory limit of the process's cgroup (v2
// memory.max, v1 memory.limit_in_bytes), as Go's memory limit does; 0 when
// there is none.
func cgroupMemoryMB(getenv func(string) string, readFile func(string) ([]byte, error)) int {
	if limit, ok := memlimit.CgroupLimit(memlimit.System{Getenv: getenv, ReadFile: readFile}); ok {
		return int(limit.Bytes >> 20)
	}
	return 0
}

// ThisFunction is read once, at start-up.
var ThisFunction = FunctionFromEnv(os.Getenv, os.ReadFile)
