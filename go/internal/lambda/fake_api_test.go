package lambda

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
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
	// nextCalls counts the GET /next calls; polling, those waiting for an
	// event now; pollsChanged is signalled when polling changes.
	nextCalls, polling int
	pollsChanged       chan struct{}
}

type fakeEvent struct {
	header  map[string]string
	payload string
}

type post struct {
	path, contentType, errorType, body string
}

func newFakeAPI(t *testing.T, events ...fakeEvent) *fakeAPI {
	f := &fakeAPI{t: t, events: events, posted: make(chan struct{}, 100), status: map[string]int{}, pollsChanged: make(chan struct{}, 1)}
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
		f.nextCalls++
		if len(f.events) == 0 {
			f.polling++
			f.mu.Unlock()
			f.signalPolls()
			<-r.Context().Done() // a long poll that ends with the test, or the client
			f.mu.Lock()
			f.polling--
			f.mu.Unlock()
			f.signalPolls()
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

func (f *fakeAPI) signalPolls() {
	select {
	case f.pollsChanged <- struct{}{}:
	default:
	}
}

// waitPolling waits until n GET /next calls wait for an event at once.
func (f *fakeAPI) waitPolling(n int) {
	f.t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		f.mu.Lock()
		polling := f.polling
		f.mu.Unlock()
		if polling == n {
			return
		}
		select {
		case <-f.pollsChanged:
		case <-timeout:
			f.t.Fatalf("%d GET /next calls wait at once; want %d", polling, n)
		}
	}
}

// waitForPost waits, without taking from posted, until a post to path came.
func (f *fakeAPI) waitForPost(t *testing.T, path string) {
	for limit := time.Now().Add(10 * time.Second); time.Now().Before(limit); time.Sleep(5 * time.Millisecond) {
		f.mu.Lock()
		for _, p := range f.posts {
			if p.path == path {
				f.mu.Unlock()
				return
			}
		}
		f.mu.Unlock()
	}
	t.Errorf("no post to %s came", path)
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
