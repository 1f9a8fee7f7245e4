package lambda

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// streamingAPI is a Runtime API that hands out queued events and records
// each post as it arrives: a streamed answer's bytes as they come, its
// trailers once it ends. A stand-in for Lambda's where a test must see the
// order of things (a chunk before the function's next write); the end-to-end
// tests do the same against AWS's emulator.
type streamingAPI struct {
	t      *testing.T
	server *httptest.Server
	// queue answers the polls from its events; its own server goes unused.
	queue *fakeAPI

	mu    sync.Mutex
	posts []*streamedPost
	// changed closes whenever a post receives bytes or ends, and is
	// replaced: every waiter wakes.
	changed chan struct{}
	// refuse answers the posts to these paths with this status, once their
	// body is read.
	refuse map[string]int
	// breakAfter closes the connection of a post to this path once it has
	// received this many bytes.
	breakAfter map[string]int
	// pollsFrom is the connection (the client's address) of each GET /next.
	pollsFrom []string
}

// streamedPost is one post to the Runtime API, as received so far.
type streamedPost struct {
	path          string
	remote        string // the connection it came on: the client's address
	header        http.Header
	body          bytes.Buffer
	trailer       http.Header
	done          bool
	bodyReadError error
}

func newStreamingAPI(t *testing.T, events ...fakeEvent) *streamingAPI {
	api := &streamingAPI{t: t, queue: newFakeAPI(t, events...), changed: make(chan struct{}), refuse: map[string]int{}, breakAfter: map[string]int{}}
	api.server = httptest.NewServer(http.HandlerFunc(api.serve))
	t.Cleanup(api.server.Close)
	return api
}

func (api *streamingAPI) client() *Client {
	return NewClient(strings.TrimPrefix(api.server.URL, "http://"))
}

func (api *streamingAPI) signal() {
	api.mu.Lock()
	close(api.changed)
	api.changed = make(chan struct{})
	api.mu.Unlock()
}

func (api *streamingAPI) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet {
		api.mu.Lock()
		api.pollsFrom = append(api.pollsFrom, r.RemoteAddr)
		api.mu.Unlock()
		api.queue.serve(w, r)
		return
	}
	path := strings.TrimPrefix(r.URL.Path, "/2018-06-01/runtime")
	post := &streamedPost{path: path, remote: r.RemoteAddr, header: r.Header.Clone()}
	api.mu.Lock()
	api.posts = append(api.posts, post)
	breakAfter, breaks := api.breakAfter[path]
	status, refused := api.refuse[path]
	api.mu.Unlock()
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Body.Read(buf)
		api.mu.Lock()
		post.body.Write(buf[:n])
		received := post.body.Len()
		if err != nil && err != io.EOF {
			post.bodyReadError = err
		}
		api.mu.Unlock()
		api.signal()
		if breaks && received >= breakAfter {
			conn, _, _ := http.NewResponseController(w).Hijack()
			conn.Close()
			api.finish(post, nil)
			return
		}
		if err != nil {
			break
		}
	}
	api.finish(post, r.Trailer.Clone())
	if !refused {
		status = http.StatusAccepted
	}
	w.WriteHeader(status)
	io.WriteString(w, `{"status":"OK"}`)
}

func (api *streamingAPI) finish(post *streamedPost, trailer http.Header) {
	api.mu.Lock()
	post.trailer, post.done = trailer, true
	api.mu.Unlock()
	api.signal()
}

// waitFor waits until what holds, with the posts so far; it fails the test
// after a while.
func (api *streamingAPI) waitFor(what string, holds func(posts []*streamedPost) bool) []*streamedPost {
	api.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		api.mu.Lock()
		posts := append([]*streamedPost(nil), api.posts...)
		ok := holds(posts)
		changed := api.changed
		api.mu.Unlock()
		if ok {
			return posts
		}
		select {
		case <-changed:
		case <-deadline:
			api.t.Fatalf("waited 10 s for %s; the posts: %s", what, api.describe())
		}
	}
}

// received waits until the post to path has received want.
func (api *streamingAPI) received(path, want string) {
	api.t.Helper()
	api.waitFor(path+" to receive "+want, func(posts []*streamedPost) bool {
		for _, p := range posts {
			if p.path == path && strings.Contains(p.body.String(), want) {
				return true
			}
		}
		return false
	})
}

// ended waits for n posts to end, and returns every post.
func (api *streamingAPI) ended(n int) []*streamedPost {
	api.t.Helper()
	return api.waitFor("posts to end", func(posts []*streamedPost) bool {
		done := 0
		for _, p := range posts {
			if p.done {
				done++
			}
		}
		return done >= n
	})
}

func (api *streamingAPI) describe() string {
	api.mu.Lock()
	defer api.mu.Unlock()
	var out strings.Builder
	for _, p := range api.posts {
		out.WriteString("\n  " + p.path + " " + strings.Join(p.header.Values("Content-Type"), ",") + " body " + strconvQuote(p.body.String()))
	}
	return out.String()
}

func strconvQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// trailerReport decodes the error report a post's trailers carry.
func trailerReport(t *testing.T, p *streamedPost) ErrorReport {
	t.Helper()
	var report ErrorReport
	body, err := base64.StdEncoding.DecodeString(p.trailer.Get(trailerErrorBody))
	if err != nil {
		t.Fatalf("the %s trailer is not base64: %v", trailerErrorBody, err)
	}
	if err := json.Unmarshal(body, &report); err != nil {
		t.Fatalf("the %s trailer does not hold an error report: %q", trailerErrorBody, body)
	}
	if got := p.trailer.Get(trailerErrorType); got != report.Type {
		t.Errorf("the %s trailer says %q, the report %q", trailerErrorType, got, report.Type)
	}
	return report
}
