package memlimit

import "os"

// System is what the sources read: the environment and files. Tests give
// one of their own.
type System struct {
	Getenv   func(string) string
	ReadFile func(string) ([]byte, error)
}

// OS reads this process's environment and the real files.
var OS = System{Getenv: os.Getenv, ReadFile: os.ReadFile}

// Instance is an amount of memory the platform gives the instance.
type Instance struct {
	Bytes int64
	// From names where it was read, for the log: "the cgroup's
	// /sys/fs/cgroup/memory.max", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256".
	From string
}
