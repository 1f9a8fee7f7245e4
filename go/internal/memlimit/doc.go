// Package memlimit chooses Go's soft memory limit (runtime/debug's
// SetMemoryLimit) from the memory the platform gives the instance.
//
// No serverless platform tells Go how much memory it may use: Cloud
// Functions bounds Node.js's heap with --max-old-space-size, Lambda states
// AWS_LAMBDA_FUNCTION_MEMORY_SIZE, a container has a cgroup limit, and Go,
// with GOGC=100 alone, lets its heap grow to twice what is live before it
// collects. A function that keeps 150 MiB live then peaks above 300 MiB and
// is killed on a 256 MiB instance, where collecting sooner would have kept
// it under. So the SDK reads, unless GOMEMLIMIT is set, the first of:
//
//   - the cgroup's limit: memory.max (v2) or memory.limit_in_bytes (v1) of
//     the process's own cgroup, read from /proc/self/cgroup, and of the
//     cgroups above it, whichever is lowest;
//   - AWS_LAMBDA_FUNCTION_MEMORY_SIZE (Lambda), or FUNCTION_MEMORY_MB (Cloud
//     Functions' older runtimes), in MiB;
//   - the --max-old-space-size=N the host gave Node.js, in NODE_OPTIONS or on
//     node's command line (which the loader passes on as
//     GO_HANDOFF_MAX_OLD_SPACE_SIZE): Cloud Functions' buildpack sets it to
//     the instance's memory less 64 MiB, so the instance has N + 64 MiB;
//
// and sets the limit to that memory less a headroom (Headroom) for what is
// not Go's heap and for the collector's lag behind a fast allocator.
//
// Everything here is pure but for OS, which reads the real environment and
// files: tests give a System of their own.
package memlimit
