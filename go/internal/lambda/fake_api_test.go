package lambda

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// fakeAPI is a Runtime API that hands out queued events and records what
// the runtime posts back.
type fakeAPI struct {
	t      *testing.T
	server *httptest.Server
	mu     sync.Mutex
	events []fakeEvent
	posts  []post
	posted chan struct{}
	// status answers the posts to these paths, instead of 202.
	status map[string]int
}

type fakeEvent struct {
	header  map[string]string
	payload string
}

type post struct {
	path, contentType, errorType, body string
}

func newFakeAPI(t *testing.T, events ...fakeEvent) *fakeAPI {
	f := &fakeAPI{t: t, events: events, posted: make(chan struct{}, 100), status: map[string]int{}}
	f.server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.server.Close)
	return f
}

func (f *fakeAPI) client() *Client {
	return NewClient(strings.TrimPrefix(f.server.URL, "http://"))
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	const prefix = "/2018-06-01/runtime"
	if !strings.HasPrefix(r.URL.Path, prefix) {
		http.Error(w, "unknown path", http.StatusNotFound)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, prefix)
	if r.Method == http.MethodGet && path == "/invocation/next" {
		f.mu.Lock()
		if len(f.events) == 0 {
			f.mu.Unlock()
			<-r.Context().Done() // a long poll that ends with the test
			return
		}
		event := f.events[0]
		f.events = f.events[1:]
		f.mu.Unlock()
		for name, value := range event.header {
			w.Header().Set(name, value)
		}
		io.WriteString(w, event.payload)
		return
	}
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.posts = append(f.posts, post{path: path, contentType: r.Header.Get("Content-Type"), errorType: r.Header.Get(headerErrorType), body: string(body)})
	status, ok := f.status[path]
	f.mu.Unlock()
	if !ok {
		status = http.StatusAccepted
	}
	w.WriteHeader(status)
	io.WriteString(w, `{"status":"OK"}`)
	f.posted <- struct{}{}
}

// waitPosts waits for n posts and returns every post so far.
func (f *fakeAPI) waitPosts(n int) []post {
	f.t.Helper()
	for i := 0; i < n; i++ {
		<-f.posted
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]post(nil), f.posts...)
}

func event(id, payload string, header ...string) fakeEvent {
	e := fakeEvent{header: map[string]string{headerRequestID: id, headerDeadlineMs: "4102444800000"}, payload: payload}
	for i := 0; i+1 < len(header); i += 2 {
		e.header[header[i]] = header[i+1]
	}
	return e
}
