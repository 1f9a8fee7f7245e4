package memlimit

import "strings"

// NodeHeadroomMiB is what Cloud Functions' Node.js buildpack keeps out of
// Node.js's heap: it sets --max-old-space-size to the instance's memory
// less this (GoogleCloudPlatform/buildpacks,
// cmd/nodejs/functions_framework/lib/lib.go, nodeJSHeadroomMB). So a host
// that gave Node.js --max-old-space-size=N runs on N + 64 MiB.
const NodeHeadroomMiB = 64

// CommandLineMaxOldSpaceSize is the variable in which the loader passes on
// the --max-old-space-size given on node's command line, which the Go
// process cannot see (src/loader/memory-hint.ts).
const CommandLineMaxOldSpaceSize = "GO_HANDOFF_MAX_OLD_SPACE_SIZE"

// maxOldSpaceSize returns the value of the last --max-old-space-size in
// options, Node.js options as NODE_OPTIONS holds them (V8's spelling with
// underscores too). The last one wins, as in V8.
func maxOldSpaceSize(options string) (value string, found bool) {
	args := splitNodeOptions(options)
	for i, arg := range args {
		name, inline, hasValue := strings.Cut(arg, "=")
		// V8 reads "_" and "-" in a flag's name alike.
		if strings.ReplaceAll(name, "_", "-") != "--max-old-space-size" {
			continue
		}
		switch {
		case hasValue:
			value, found = inline, true
		case i+1 < len(args):
			value, found = args[i+1], true
		}
	}
	return value, found
}

// splitNodeOptions splits NODE_OPTIONS as Node.js does: on spaces, with
// double quotes holding a value together and backslash escaping inside them.
func splitNodeOptions(options string) []string {
	var args []string
	var current strings.Builder
	inQuotes, inArg := false, false
	for i := 0; i < len(options); i++ {
		c := options[i]
		switch {
		case inQuotes && c == '\\' && i+1 < len(options):
			i++
			current.WriteByte(options[i])
		case c == '"':
			inQuotes, inArg = !inQuotes, true
		case c == ' ' && !inQuotes:
			if inArg {
				args = append(args, current.String())
				current.Reset()
				inArg = false
			}
		default:
			current.WriteByte(c)
			inArg = true
		}
	}
	if inArg {
		args = append(args, current.String())
	}
	return args
}
