package events

import "strings"

// Resource names are split with these few string functions rather than
// regexp, which would add about 100 KB to every function's binary (see
// test/e2e/archive.test.ts).

// splitResourceName splits a resource name after the segments head names
// ("*": any one non-empty segment); the rest must be the segment kind
// followed by at least one more segment, such as objects/NAME. first is the
// part head matched, rest what follows it.
func splitResourceName(name, kind string, head ...string) (first, rest string, ok bool) {
	parts := strings.SplitN(name, "/", len(head)+1)
	if len(parts) != len(head)+1 {
		return "", "", false
	}
	for i, want := range head {
		if parts[i] == "" || (want != "*" && parts[i] != want) {
			return "", "", false
		}
	}
	rest = parts[len(head)]
	if !strings.HasPrefix(rest, kind+"/") || len(rest) == len(kind)+1 {
		return "", "", false
	}
	return strings.Join(parts[:len(head)], "/"), rest, true
}

// withoutGeneration drops the #GENERATION a storage resource may end with.
func withoutGeneration(name string) string {
	i := strings.LastIndexByte(name, '#')
	if i < 0 || i == len(name)-1 {
		return name
	}
	for _, c := range name[i+1:] {
		if c < '0' || c > '9' {
			return name
		}
	}
	return name[:i]
}

// sourceParts splits a CloudEvent source of the form //SERVICE/NAME.
func sourceParts(source string) (service, name string, ok bool) {
	rest, found := strings.CutPrefix(source, "//")
	if !found {
		return "", "", false
	}
	service, name, found = strings.Cut(rest, "/")
	if !found || service == "" || name == "" {
		return "", "", false
	}
	return service, name, true
}

// withoutLocation drops the locations/LOCATION segments a Realtime Database
// source has and its legacy resource does not.
func withoutLocation(resource string) string {
	parts := strings.Split(resource, "/")
	kept := parts[:0:0]
	for i := 0; i < len(parts); i++ {
		if i > 0 && parts[i] == "locations" && i+1 < len(parts) && parts[i+1] != "" {
			i++
			continue
		}
		kept = append(kept, parts[i])
	}
	return strings.Join(kept, "/")
}
