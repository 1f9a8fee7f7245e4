package memlimit

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

const (
	procSelfCgroup    = "/proc/self/cgroup"
	procSelfMountinfo = "/proc/self/mountinfo"
	// noLimit: a limit at or above this is none. cgroup v1 states "no limit"
	// as PAGE_COUNTER_MAX pages, about 2^63 bytes; v2 says "max".
	noLimit = 1 << 62
)

// CgroupLimit reads the memory limit of the process's own cgroup: in
// cgroup v2, memory.max; in a v1 hierarchy with the memory controller,
// memory.limit_in_bytes. A cgroup above it may set a lower one, which binds
// the process as well, so the lowest along the way up to the mounted root
// wins. ok is false when no cgroup states a limit, or the files cannot be
// read (not Linux, no /proc, cgroups not mounted).
func CgroupLimit(sys System) (limit Instance, ok bool) {
	membership, err := sys.ReadFile(procSelfCgroup)
	if err != nil {
		return Instance{}, false
	}
	mountinfo, err := sys.ReadFile(procSelfMountinfo)
	if err != nil {
		return Instance{}, false
	}
	mounts := parseMountinfo(string(mountinfo))
	for _, line := range strings.Split(string(membership), "\n") {
		// hierarchy-ID:controller-list:cgroup-path (cgroups(7)); v2's is "0::path".
		fields := strings.SplitN(line, ":", 3)
		if len(fields) != 3 {
			continue
		}
		id, controllers, path := fields[0], fields[1], fields[2]
		var file string
		var mounted func(mount) bool
		switch {
		case id == "0" && controllers == "":
			file = "memory.max"
			mounted = func(m mount) bool { return m.fsType == "cgroup2" }
		case slices.Contains(strings.Split(controllers, ","), "memory"):
			file = "memory.limit_in_bytes"
			mounted = func(m mount) bool { return m.fsType == "cgroup" && slices.Contains(m.superOptions, "memory") }
		default:
			continue
		}
		dir, point, mountedHere := cgroupFolder(mounts, mounted, path)
		if !mountedHere {
			continue
		}
		if here, limited := lowestLimit(sys, point, dir, file); limited && (!ok || here.Bytes < limit.Bytes) {
			limit, ok = here, true
		}
	}
	return limit, ok
}

// cgroupFolder finds where the cgroup at path (as /proc/self/cgroup names
// it, from the hierarchy's root) is mounted: a mount whose root holds it.
// Inside a container the mount's root is often the container's own cgroup.
func cgroupFolder(mounts []mount, mounted func(mount) bool, path string) (dir, point string, ok bool) {
	for _, m := range mounts {
		if !mounted(m) {
			continue
		}
		root := strings.TrimSuffix(m.root, "/")
		if path != root && !strings.HasPrefix(path, root+"/") {
			continue // another part of the hierarchy is mounted here
		}
		return filepath.Join(m.point, strings.TrimPrefix(path, root)), m.point, true
	}
	return "", "", false
}

// lowestLimit reads file in dir and in each folder above it up to point.
func lowestLimit(sys System, point, dir, file string) (limit Instance, ok bool) {
	for {
		full := filepath.Join(dir, file)
		if data, err := sys.ReadFile(full); err == nil {
			if bytes, limited := parseLimit(string(data)); limited && (!ok || bytes < limit.Bytes) {
				limit, ok = Instance{Bytes: bytes, From: fmt.Sprintf("the cgroup's %s", full)}, true
			}
		}
		parent := filepath.Dir(dir)
		if dir == point || parent == dir || !strings.HasPrefix(parent, point) {
			return limit, ok
		}
		dir = parent
	}
}

// parseLimit reads memory.max or memory.limit_in_bytes: a number of bytes,
// or "max".
func parseLimit(text string) (bytes int64, limited bool) {
	value, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil || value <= 0 || value >= noLimit {
		return 0, false
	}
	return value, true
}
