package memlimit

import (
	"errors"
	"io/fs"
)

// fakeSystem is an environment and a set of files.
func fakeSystem(env map[string]string, files map[string]string) System {
	return System{
		Getenv: func(name string) string { return env[name] },
		ReadFile: func(name string) ([]byte, error) {
			if text, ok := files[name]; ok {
				return []byte(text), nil
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: errors.New("no such file or directory")}
		},
	}
}

// Mount tables as the kernel writes them, for the cgroup tests.
const (
	// A host (or VM) with cgroup v2 alone, the process in a systemd scope.
	unifiedMounts = `22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
27 22 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
`
	// A container with its own cgroup namespace: the mount's root is the
	// container's cgroup, which /proc/self/cgroup calls "/".
	containerMounts = `612 600 0:30 / /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw
`
	// A container without a cgroup namespace: the host's path of its cgroup
	// is mounted at /sys/fs/cgroup.
	boundMounts = `612 600 0:30 /kubepods/pod1/c1 /sys/fs/cgroup ro,nosuid,nodev,noexec,relatime - cgroup2 cgroup rw
`
	// cgroup v1 with the memory controller in a hierarchy of its own (and
	// a v2 hierarchy with no controllers beside it), as on this project's
	// test machines; a mount point with a space, escaped.
	hybridMounts = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
35 31 0:32 / /sys/fs/cgroup/memory\040v1 rw,relatime - cgroup cgroup rw,memory
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
`
)
