package memlimit

import (
	"fmt"
	"strconv"
	"strings"
)

// FindInstance returns the memory the platform gives the instance, from the
// first source that states one (see the package documentation for the
// order). A source whose value cannot be read is skipped and named in
// problems, for the log.
func FindInstance(sys System) (instance Instance, found bool, problems []string) {
	if limit, ok := CgroupLimit(sys); ok {
		return limit, true, nil
	}
	// Lambda's, then Cloud Functions' older runtimes': the function's
	// configured memory, in MiB (AWS says MB, and means MiB).
	for _, name := range []string{"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "FUNCTION_MEMORY_MB"} {
		text := sys.Getenv(name)
		if text == "" {
			continue
		}
		mib, err := positiveMiB(text)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s=%q is not a number of MiB: not used for Go's memory limit", name, text))
			continue
		}
		return Instance{Bytes: mib << 20, From: fmt.Sprintf("%s=%s", name, text)}, true, problems
	}
	// Node.js's command line wins over NODE_OPTIONS, as in Node.js.
	sources := []struct{ text, where string }{
		{sys.Getenv(CommandLineMaxOldSpaceSize), "on node's command line"},
	}
	if value, ok := maxOldSpaceSize(sys.Getenv("NODE_OPTIONS")); ok {
		sources = append(sources, struct{ text, where string }{value, "in NODE_OPTIONS"})
	}
	for _, source := range sources {
		if source.text == "" {
			continue
		}
		mib, err := positiveMiB(source.text)
		if err != nil {
			problems = append(problems, fmt.Sprintf("--max-old-space-size=%q %s is not a number of MiB: not used for Go's memory limit", source.text, source.where))
			continue
		}
		return Instance{
			Bytes: (mib + NodeHeadroomMiB) << 20,
			From:  fmt.Sprintf("--max-old-space-size=%d %s (Cloud Functions gives Node.js the instance's memory less %d MiB)", mib, source.where, NodeHeadroomMiB),
		}, true, problems
	}
	return Instance{}, false, problems
}

// positiveMiB reads a whole, positive number of MiB small enough to hold
// in bytes.
func positiveMiB(text string) (int64, error) {
	mib, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
	if err != nil || mib <= 0 || mib >= noLimit>>20 {
		return 0, fmt.Errorf("not a positive number of MiB: %q", text)
	}
	return mib, nil
}
