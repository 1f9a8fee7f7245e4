package memlimit

import "testing"

func TestCgroupLimit(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  Instance
		ok    bool
	}{
		{
			name: "v2: the process's own cgroup",
			files: map[string]string{
				procSelfCgroup:    "0::/system.slice/fn.scope\n",
				procSelfMountinfo: unifiedMounts,
				"/sys/fs/cgroup/system.slice/fn.scope/memory.max": "268435456\n",
				"/sys/fs/cgroup/system.slice/memory.max":          "max\n",
			},
			want: Instance{Bytes: 256 << 20, From: "the cgroup's /sys/fs/cgroup/system.slice/fn.scope/memory.max"},
			ok:   true,
		},
		{
			name: "v2: a lower limit above the process's cgroup binds it",
			files: map[string]string{
				procSelfCgroup:    "0::/system.slice/fn.scope\n",
				procSelfMountinfo: unifiedMounts,
				"/sys/fs/cgroup/system.slice/fn.scope/memory.max": "max\n",
				"/sys/fs/cgroup/system.slice/memory.max":          "536870912\n",
			},
			want: Instance{Bytes: 512 << 20, From: "the cgroup's /sys/fs/cgroup/system.slice/memory.max"},
			ok:   true,
		},
		{
			name: "v2: no limit anywhere",
			files: map[string]string{
				procSelfCgroup:    "0::/user.slice/user-0.slice/session-1.scope\n",
				procSelfMountinfo: unifiedMounts,
				"/sys/fs/cgroup/user.slice/user-0.slice/session-1.scope/memory.max": "max\n",
				"/sys/fs/cgroup/user.slice/user-0.slice/memory.max":                 "max\n",
				"/sys/fs/cgroup/user.slice/memory.max":                              "max\n",
			},
		},
		{
			name: "v2 in a container with its own cgroup namespace",
			files: map[string]string{
				procSelfCgroup:              "0::/\n",
				procSelfMountinfo:           containerMounts,
				"/sys/fs/cgroup/memory.max": "1073741824\n",
			},
			want: Instance{Bytes: 1 << 30, From: "the cgroup's /sys/fs/cgroup/memory.max"},
			ok:   true,
		},
		{
			name: "v2 in a container whose host cgroup is mounted",
			files: map[string]string{
				procSelfCgroup:              "0::/kubepods/pod1/c1\n",
				procSelfMountinfo:           boundMounts,
				"/sys/fs/cgroup/memory.max": "134217728\n",
			},
			want: Instance{Bytes: 128 << 20, From: "the cgroup's /sys/fs/cgroup/memory.max"},
			ok:   true,
		},
		{
			name: "v2: the process's cgroup is not under what is mounted",
			files: map[string]string{
				procSelfCgroup:              "0::/elsewhere\n",
				procSelfMountinfo:           boundMounts,
				"/sys/fs/cgroup/memory.max": "134217728\n",
			},
		},
		{
			name: "v1 memory controller beside an empty v2 hierarchy",
			files: map[string]string{
				procSelfCgroup:    "9:name=systemd:/\n4:memory:/process_api/abc\n1:cpu:/\n0::/\n",
				procSelfMountinfo: hybridMounts,
				"/sys/fs/cgroup/memory v1/process_api/abc/memory.limit_in_bytes": "268435456\n",
				"/sys/fs/cgroup/memory v1/process_api/memory.limit_in_bytes":     "9223372036854771712\n",
				"/sys/fs/cgroup/memory v1/memory.limit_in_bytes":                 "9223372036854771712\n",
				"/sys/fs/cgroup/cpu/memory.limit_in_bytes":                       "1048576\n", // not the memory hierarchy
			},
			want: Instance{Bytes: 256 << 20, From: "the cgroup's /sys/fs/cgroup/memory v1/process_api/abc/memory.limit_in_bytes"},
			ok:   true,
		},
		{
			name: "v1 without a limit (PAGE_COUNTER_MAX)",
			files: map[string]string{
				procSelfCgroup:    "4:memory:/process_api/abc\n0::/\n",
				procSelfMountinfo: hybridMounts,
				"/sys/fs/cgroup/memory v1/process_api/abc/memory.limit_in_bytes": "9223372036854771712\n",
			},
		},
		{
			name:  "no /proc",
			files: map[string]string{},
		},
		{
			name: "cgroups not mounted",
			files: map[string]string{
				procSelfCgroup:    "0::/\n",
				procSelfMountinfo: "22 1 0:21 / /proc rw - proc proc rw\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := CgroupLimit(fakeSystem(nil, tt.files))
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %+v, %v; want %+v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseMountinfo(t *testing.T) {
	mounts := parseMountinfo(hybridMounts + "malformed line\n")
	if len(mounts) != 4 {
		t.Fatalf("got %d mounts, want 4: %+v", len(mounts), mounts)
	}
	memory := mounts[2]
	if memory.point != "/sys/fs/cgroup/memory v1" || memory.root != "/" || memory.fsType != "cgroup" || memory.superOptions[1] != "memory" {
		t.Errorf("got %+v", memory)
	}
	if got := unescapeOctal(`a\134b\040c\04`); got != `a\b c\04` {
		t.Errorf("unescapeOctal: got %q", got)
	}
}
