package lambda

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Streamed answers as on Lambda Managed Instances: Config.Concurrency loops,
// each poll sent right behind its loop's answer (Config.Pipeline).

// runStreamingConcurrently runs the loop in ResponseStream mode over fn with
// that many loops and pipelined polls; Run's outcome arrives on the
// channel, once. The test's end stops it.
func runStreamingConcurrently(t *testing.T, api *streamingAPI, fn any, concurrency int) (<-chan error, *lockedLog) {
	t.Helper()
	logs := &lockedLog{}
	done := runStreamingWith(t, api, fn, func(cfg *Config) {
		cfg.Concurrency, cfg.Pipeline, cfg.Logf = concurrency, true, logs.printf
	})
	return done, logs
}

// requestID is the invocation's id in these tests, which send it as the
// Function URL's path: "/s-1" for s-1.
func requestID(r *http.Request) string { return strings.TrimPrefix(r.URL.Path, "/") }

func answerPath(id string) string { return "/invocation/" + id + "/response" }

// Each streamed answer holds a connection of its own from its first byte to
// its end (one connection carries one request at a time), and its loop's
// next poll follows it there, never on a connection another answer holds.
func TestConcurrentStreamsEachHoldAConnectionOfTheirOwn(t *testing.T) {
	const n = 3
	var events []fakeEvent
	for i := range n {
		id := "s-" + strconv.Itoa(i)
		events = append(events, functionURLEvent(id, "/"+id))
	}
	api := newStreamingAPI(t, events...)
	together := newBarrier(n)
	runStreamingConcurrently(t, api, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "begun")
		w.(http.Flusher).Flush()
		api.received(answerPath(requestID(r)), "begun")
		// Every answer has begun, and its first bytes have arrived, before
		// any goes on.
		if err := together.wait(); err != nil {
			panic(err)
		}
		io.WriteString(w, " and ended")
	}, n)
	posts := api.ended(n)
	api.queue.waitPolling(n)

	remotes := map[string]string{} // connection -> the answer it carried
	for _, p := range posts {
		if !strings.HasSuffix(p.body.String(), "\x00begun and ended") || p.trailer.Get(trailerErrorType) != "" {
			t.Errorf("%s: got %q, trailers %v", p.path, p.body.String(), p.trailer)
		}
		if other, shared := remotes[p.remote]; shared {
			t.Errorf("%s and %s came on one connection, %s", other, p.path, p.remote)
		}
		remotes[p.remote] = p.path
	}
	api.mu.Lock()
	polls := append([]string(nil), api.pollsFrom...)
	api.mu.Unlock()
	if len(polls) != 2*n {
		t.Fatalf("%d polls; want %d at the start and one behind each answer", len(polls), 2*n)
	}
	for _, remote := range polls[n:] {
		if _, ok := remotes[remote]; !ok {
			t.Errorf("a poll after the answers came on %s, a connection no answer used: %v", remote, remotes)
		}
		delete(remotes, remote) // one poll behind each answer
	}
}

// A panic in one streamed answer among others is that invocation's error,
// in its trailers; the other answers go on to their end; no poll follows
// any of them, and Run returns the panic.
func TestAPanicAmongConcurrentStreamsFailsOnlyItself(t *testing.T) {
	api := newStreamingAPI(t,
		functionURLEvent("calm-1", "/calm-1"),
		functionURLEvent("boom", "/boom"),
		functionURLEvent("calm-2", "/calm-2"),
		functionURLEvent("after", "/after"), // must never be taken
	)
	together := newBarrier(3)
	done, logs := runStreamingConcurrently(t, api, func(w http.ResponseWriter, r *http.Request) {
		id := requestID(r)
		io.WriteString(w, "begun")
		w.(http.Flusher).Flush()
		api.received(answerPath(id), "begun")
		if err := together.wait(); err != nil {
			panic(err)
		}
		if id == "boom" {
			panic("boom, on purpose")
		}
		// Go on only once the panic's answer has ended.
		api.waitFor("boom's answer to end", func(posts []*streamedPost) bool {
			for _, p := range posts {
				if p.path == answerPath("boom") && p.done {
					return true
				}
			}
			return false
		})
		io.WriteString(w, " and ended")
	}, 3)
	err := waitOrFail(t, "the loop to end", done)
	var exit *PanicExit
	if !errors.As(err, &exit) || exit.RequestID != "boom" {
		t.Fatalf("Run returned %v, want a *PanicExit for boom; logs:\n%s", err, logs)
	}
	for _, p := range api.ended(3) {
		switch p.path {
		case answerPath("boom"):
			if report := trailerReport(t, p); report.Type != "string" || report.Message != "boom, on purpose" {
				t.Errorf("boom's trailers: %+v", report)
			}
		case answerPath("calm-1"), answerPath("calm-2"):
			if !strings.HasSuffix(p.body.String(), "\x00begun and ended") || p.trailer.Get(trailerErrorType) != "" {
				t.Errorf("%s was not answered whole after the panic: %q, trailers %v", p.path, p.body.String(), p.trailer)
			}
		default:
			t.Errorf("a post to %s", p.path)
		}
	}
	api.queue.mu.Lock()
	defer api.queue.mu.Unlock()
	if api.queue.nextCalls != 3 || len(api.queue.events) != 1 {
		t.Errorf("%d calls to /next, %d of 4 invocations left; want 3 (none after the panic), 1", api.queue.nextCalls, len(api.queue.events))
	}
}

// An answer cut at its deadline ends while its function still runs: no
// poll may follow it then, for this loop could not serve what it brings
// until the function returns. Once it has, the loop polls again.
func TestACutStreamHasNoPollBehindIt(t *testing.T) {
	api := newStreamingAPI(t,
		functionURLEvent("slow", "/slow", headerDeadlineMs, strconv.FormatInt(time.Now().Add(400*time.Millisecond).UnixMilli(), 10)),
		functionURLEvent("quick", "/quick"),
	)
	release := make(chan struct{})
	runStreamingConcurrently(t, api, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "started")
		w.(http.Flusher).Flush()
		if requestID(r) == "slow" {
			<-release // deaf to its context
		}
	}, 1)
	cut := api.ended(1)[0]
	if report := trailerReport(t, cut); report.Type != timedOutType {
		t.Fatalf("the first answer's trailers: %+v", report)
	}
	time.Sleep(200 * time.Millisecond)
	api.queue.mu.Lock()
	calls := api.queue.nextCalls
	api.queue.mu.Unlock()
	if calls != 1 {
		t.Errorf("%d calls to /next while the cut answer's function still ran; want 1, the start's", calls)
	}
	close(release)
	posts := api.ended(2)
	if posts[1].path != answerPath("quick") || !strings.HasSuffix(posts[1].body.String(), "\x00started") {
		t.Errorf("second: got %s %q", posts[1].path, posts[1].body.String())
	}
	// Behind an answer that ended with its function, the poll follows on its connection.
	api.queue.waitPolling(1)
	api.mu.Lock()
	defer api.mu.Unlock()
	if n := len(api.pollsFrom); n != 3 || api.pollsFrom[2] != posts[1].remote {
		t.Errorf("polls from %v; want 3, the last on the second answer's connection %s", api.pollsFrom, posts[1].remote)
	}
}
