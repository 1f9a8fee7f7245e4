package memlimit

import (
	"reflect"
	"testing"
)

func TestFindInstance(t *testing.T) {
	cgroup256 := map[string]string{
		procSelfCgroup:              "0::/\n",
		procSelfMountinfo:           containerMounts,
		"/sys/fs/cgroup/memory.max": "268435456\n",
	}
	tests := []struct {
		name     string
		env      map[string]string
		files    map[string]string
		want     Instance
		found    bool
		problems []string
	}{
		{
			name:  "the cgroup first",
			env:   map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024", "NODE_OPTIONS": "--max-old-space-size=4000"},
			files: cgroup256,
			want:  Instance{Bytes: 256 << 20, From: "the cgroup's /sys/fs/cgroup/memory.max"},
			found: true,
		},
		{
			name:  "Lambda's configured memory",
			env:   map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256", "NODE_OPTIONS": "--max-old-space-size=4000"},
			want:  Instance{Bytes: 256 << 20, From: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256"},
			found: true,
		},
		{
			name:  "Cloud Functions' older runtimes",
			env:   map[string]string{"FUNCTION_MEMORY_MB": "512"},
			want:  Instance{Bytes: 512 << 20, From: "FUNCTION_MEMORY_MB=512"},
			found: true,
		},
		{
			name:  "the buildpack's --max-old-space-size: the instance's memory less 64 MiB",
			env:   map[string]string{"NODE_OPTIONS": "--max-old-space-size=192 --require ./index.js"},
			want:  Instance{Bytes: 256 << 20, From: "--max-old-space-size=192 in NODE_OPTIONS (Cloud Functions gives Node.js the instance's memory less 64 MiB)"},
			found: true,
		},
		{
			name:  "node's command line wins over NODE_OPTIONS",
			env:   map[string]string{"NODE_OPTIONS": "--max-old-space-size=4000", CommandLineMaxOldSpaceSize: "192"},
			want:  Instance{Bytes: 256 << 20, From: "--max-old-space-size=192 on node's command line (Cloud Functions gives Node.js the instance's memory less 64 MiB)"},
			found: true,
		},
		{
			name:     "a malformed value is skipped and named",
			env:      map[string]string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256MB", "NODE_OPTIONS": "--max-old-space-size=192"},
			want:     Instance{Bytes: 256 << 20, From: "--max-old-space-size=192 in NODE_OPTIONS (Cloud Functions gives Node.js the instance's memory less 64 MiB)"},
			found:    true,
			problems: []string{`AWS_LAMBDA_FUNCTION_MEMORY_SIZE="256MB" is not a number of MiB: not used for Go's memory limit`},
		},
		{
			name:     "nothing usable",
			env:      map[string]string{"NODE_OPTIONS": "--max-old-space-size=lots"},
			problems: []string{`--max-old-space-size="lots" in NODE_OPTIONS is not a number of MiB: not used for Go's memory limit`},
		},
		{name: "nothing at all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, found, problems := FindInstance(fakeSystem(tt.env, tt.files))
			if got != tt.want || found != tt.found || !reflect.DeepEqual(problems, tt.problems) {
				t.Errorf("got %+v, %v, %q; want %+v, %v, %q", got, found, problems, tt.want, tt.found, tt.problems)
			}
		})
	}
}
