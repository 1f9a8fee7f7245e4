package memlimit

import "strings"

// mount is one line of /proc/self/mountinfo (proc(5)), the fields cgroups need.
type mount struct {
	// root is the path, inside its file system, of what is mounted: for a
	// cgroup file system, the cgroup at the mount point.
	root, point string
	fsType      string
	// superOptions are the per-superblock options: a cgroup v1 hierarchy
	// lists its controllers there ("rw,memory").
	superOptions []string
}

// parseMountinfo reads the lines it understands and skips the rest.
func parseMountinfo(text string) []mount {
	var mounts []mount
	for _, line := range strings.Split(text, "\n") {
		// id parent major:minor root point options [optional fields...] - type source super-options
		before, after, found := strings.Cut(line, " - ")
		if !found {
			continue
		}
		fields, tail := strings.Fields(before), strings.Fields(after)
		if len(fields) < 5 || len(tail) < 3 {
			continue
		}
		mounts = append(mounts, mount{
			root:         unescapeOctal(fields[3]),
			point:        unescapeOctal(fields[4]),
			fsType:       tail[0],
			superOptions: strings.Split(tail[2], ","),
		})
	}
	return mounts
}

// unescapeOctal undoes the kernel's escapes of space, tab, newline and
// backslash in mountinfo's paths ("\040" for a space).
func unescapeOctal(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && isOctal(s[i+1]) && isOctal(s[i+2]) && isOctal(s[i+3]) {
			b.WriteByte((s[i+1]-'0')<<6 | (s[i+2]-'0')<<3 | (s[i+3] - '0'))
			i += 3
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }
