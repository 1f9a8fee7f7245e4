package activation

import (
	"reflect"
	"strings"
	"testing"
)

// fakeOS stands in for the process environment.
type fakeOS struct {
	vars      map[string]string
	pid       int
	cloexeced []int
}

func (f *fakeOS) env() osEnv {
	return osEnv{
		getenv:      func(k string) string { return f.vars[k] },
		unsetenv:    func(k string) error { delete(f.vars, k); return nil },
		getpid:      func() int { return f.pid },
		closeOnExec: func(fd int) { f.cloexeced = append(f.cloexeced, fd) },
	}
}

func TestFiles(t *testing.T) {
	tests := []struct {
		name      string
		vars      map[string]string
		wantNames []string
		wantErr   bool
		ignored   string // a part of the note on descriptors not taken
	}{
		{name: "nothing passed", vars: map[string]string{}},
		{name: "for another process", vars: map[string]string{"LISTEN_FDS": "1", "LISTEN_PID": "99"}, ignored: "LISTEN_FDS=1 is for process 99 (LISTEN_PID), not this one (42)"},
		{name: "named", vars: map[string]string{"LISTEN_FDS": "2", "LISTEN_PID": "42", "LISTEN_FDNAMES": "http:conn"}, wantNames: []string{"http", "conn"}},
		{name: "names missing", vars: map[string]string{"LISTEN_FDS": "2", "LISTEN_PID": "42"}, wantNames: []string{"unknown", "unknown"}},
		{name: "names miscounted", vars: map[string]string{"LISTEN_FDS": "1", "LISTEN_PID": "42", "LISTEN_FDNAMES": "a:b"}, wantNames: []string{"unknown"}},
		// go-systemd's rule: descriptors are taken only by the process LISTEN_PID names.
		{name: "no pid given", vars: map[string]string{"LISTEN_FDS": "1", "LISTEN_FDNAMES": "http"}, ignored: "LISTEN_FDS=1 came without LISTEN_PID"},
		{name: "count not a number", vars: map[string]string{"LISTEN_FDS": "two", "LISTEN_PID": "42"}, wantErr: true},
		{name: "negative count", vars: map[string]string{"LISTEN_FDS": "-1", "LISTEN_PID": "42"}, wantErr: true},
		{name: "pid not a number", vars: map[string]string{"LISTEN_FDS": "1", "LISTEN_PID": "me"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fake := &fakeOS{vars: tt.vars, pid: 42}
			files, ignored, err := fake.env().files()
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error: %v", err, tt.wantErr)
			}
			if (tt.ignored == "") != (ignored == "") || !strings.Contains(ignored, tt.ignored) {
				t.Errorf("ignored %q, want %q", ignored, tt.ignored)
			}
			var names []string
			for i, f := range files {
				names = append(names, f.Name)
				if got, want := int(f.Fd()), FirstFd+i; got != want {
					t.Errorf("file %d has fd %d, want %d", i, got, want)
				}
			}
			if !reflect.DeepEqual(names, tt.wantNames) {
				t.Errorf("got names %q, want %q", names, tt.wantNames)
			}
			if len(fake.cloexeced) != len(tt.wantNames) {
				t.Errorf("marked %d fds close-on-exec, want %d", len(fake.cloexeced), len(tt.wantNames))
			}
			for _, k := range []string{"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"} {
				if v, ok := fake.vars[k]; ok {
					t.Errorf("%s=%q still set after Files", k, v)
				}
			}
		})
	}
}
