package invocation

import (
	"errors"
	"regexp"
	"testing"
)

func TestFunctionFromEnv(t *testing.T) {
	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	noFiles := func(string) ([]byte, error) { return nil, errors.New("none") }

	cloudRun := FunctionFromEnv(env(map[string]string{"K_SERVICE": "svc", "K_REVISION": "svc-0001", "GOOGLE_CLOUD_PROJECT": "proj", "FUNCTION_TARGET": "Handle", "FUNCTION_MEMORY_MB": "512"}), noFiles)
	if cloudRun != (Function{Name: "svc", ID: "svc", Version: "svc-0001", OrganizationID: "proj", MemoryLimitInMB: 512}) {
		t.Errorf("Cloud Run: got %+v", cloudRun)
	}
	lambda := FunctionFromEnv(env(map[string]string{"AWS_LAMBDA_FUNCTION_NAME": "fn", "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128", "AWS_LAMBDA_LOG_GROUP_NAME": "g", "AWS_LAMBDA_LOG_STREAM_NAME": "s"}), noFiles)
	if lambda != (Function{Name: "fn", ID: "fn", Version: "$LATEST", MemoryLimitInMB: 128, LogGroupName: "g", LogStreamName: "s"}) {
		t.Errorf("Lambda: got %+v", lambda)
	}
	platform := FunctionFromEnv(env(map[string]string{"FUNCTION_TARGET": "Handle", "FUNCTION_ID": "app-9", "ORGANIZATION_ID": "org-3"}), noFiles)
	if platform.Name != "Handle" || platform.ID != "app-9" || platform.OrganizationID != "org-3" {
		t.Errorf("ids: got %+v", platform)
	}
}

func TestMemoryFromCgroup(t *testing.T) {
	files := func(contents map[string]string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			if c, ok := contents[name]; ok {
				return []byte(c), nil
			}
			return nil, errors.New("no such file")
		}
	}
	none := func(string) string { return "" }
	// The process's cgroup, as the kernel names it, and where cgroup v2 is mounted.
	cgroup := func(file, limit string) map[string]string {
		return map[string]string{
			"/proc/self/cgroup":    "0::/fn.scope\n",
			"/proc/self/mountinfo": "27 22 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw\n",
			file:                   limit,
		}
	}
	if got := FunctionFromEnv(none, files(cgroup("/sys/fs/cgroup/fn.scope/memory.max", "268435456\n"))).MemoryLimitInMB; got != 256 {
		t.Errorf("cgroup v2: %d", got)
	}
	if got := FunctionFromEnv(none, files(cgroup("/sys/fs/cgroup/fn.scope/memory.max", "max\n"))).MemoryLimitInMB; got != 0 {
		t.Errorf("unlimited: %d", got)
	}
	if got := FunctionFromEnv(none, files(cgroup("/sys/fs/cgroup/memory.max", "268435456\n"))).MemoryLimitInMB; got != 256 {
		t.Errorf("a limit on the cgroup above: %d", got)
	}
}

func TestIDs(t *testing.T) {
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	a, b := NewID(), NewID()
	if !uuid.MatchString(a) || a == b {
		t.Errorf("NewID gave %q and %q", a, b)
	}
	if got := TraceID("105445aa7843bc8bf206b12000100000/1;o=1"); got != "105445aa7843bc8bf206b12000100000" {
		t.Errorf("TraceID: %q", got)
	}
}
