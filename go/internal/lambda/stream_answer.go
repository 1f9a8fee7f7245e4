package lambda

import (
	"bufio"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// streamBufferSize is how much of an answer waits for a Flush before it
// leaves anyway, as much as net/http's server holds back.
const streamBufferSize = 4 << 10

// streamedAnswer is one invocation's answer in streaming mode: the sink the
// function writes to (httpevent.Sink).
//
// Nothing is posted before the first byte must leave (at a Flush, when the
// buffer is full, or once the function has returned), so that a failure
// before it is reported at the error endpoint, as a buffered answer's
// would be. From the first byte on, the answer is one POST whose body is
// fed through a pipe as the function writes; a failure then ends it with
// the error trailers. A write returns once the POST has taken its bytes:
// a slow Runtime API slows the function down rather than piling up its
// answer in memory.
//
// Everything is the invocation's own, so invocations may stream at once:
// the POST holds a connection of its own until Lambda has taken all of it.
type streamedAnswer struct {
	cfg       Config
	shared    *loops
	requestID string
	// polling, with Config.Pipeline, is when a GET /next may follow the
	// POST on its connection (RespondStreamAndPoll): while the loops poll,
	// and not after a cut, which ends the answer while the function still
	// runs. nil without Config.Pipeline.
	polling     context.Context
	stopPolling context.CancelFunc

	mu          sync.Mutex
	contentType string
	buffer      *bufio.Writer // over postWriter
	pipe        *io.PipeWriter
	body        *streamBody
	posted      chan streamPosted // the POST's outcome; nil until the first byte
	outcome     error             // posted's error, once received
	poll        *Poll             // posted's poll, once received
	received    bool
	ended       bool  // the POST's body is complete
	sent        int64 // bytes handed to the POST
	// stopped fails the function's writes from now on: its deadline
	// passed, or the POST failed.
	stopped error
	// timedOut is the deadline's report, when it passed before the first
	// byte: sent once the function returns, unless it fails its own way.
	timedOut *ErrorReport
}

// streamPosted is the POST's outcome, and the poll that went behind it.
type streamPosted struct {
	poll *Poll
	err  error
}

func newStreamedAnswer(cfg Config, shared *loops, requestID string) *streamedAnswer {
	a := &streamedAnswer{cfg: cfg, shared: shared, requestID: requestID, contentType: cfg.ContentType}
	if cfg.Pipeline {
		a.polling, a.stopPolling = context.WithCancel(shared.polling)
	}
	a.buffer = bufio.NewWriterSize(postWriter{a}, streamBufferSize)
	return a
}

// release lets go of the answer's polling context, once the invocation is over.
func (a *streamedAnswer) release() {
	if a.stopPolling != nil {
		a.stopPolling()
	}
}

// SetContentType names the answer's type (the HTTP-integration prelude's,
// for a net/http function), until its first byte has left.
func (a *streamedAnswer) SetContentType(contentType string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.posted == nil {
		a.contentType = contentType
	}
}

func (a *streamedAnswer) Write(p []byte) (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopped != nil {
		return 0, a.stopped
	}
	return a.buffer.Write(p)
}

func (a *streamedAnswer) Flush() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopped != nil {
		return a.stopped
	}
	return a.buffer.Flush()
}

// postWriter takes what leaves the buffer to the POST, which it begins the
// first time. It runs with the answer's lock held.
type postWriter struct{ a *streamedAnswer }

func (w postWriter) Write(p []byte) (int, error) {
	a := w.a
	a.begin()
	n, err := a.pipe.Write(p)
	a.sent += int64(n)
	if err != nil {
		// The POST stopped reading: its outcome says why.
		if a.await() != nil {
			err = a.outcome
		}
		a.stopped = fmt.Errorf("go-handoff: the streamed answer could not be sent: %w", err)
		return n, a.stopped
	}
	return n, nil
}

// begin starts the POST, which reads the pipe until it closes.
func (a *streamedAnswer) begin() {
	if a.posted != nil {
		return
	}
	reader, writer := io.Pipe()
	a.pipe, a.body, a.posted = writer, newStreamBody(reader), make(chan streamPosted, 1)
	client, requestID, contentType, body, posted, polling := a.cfg.Client, a.requestID, a.contentType, a.body, a.posted, a.polling
	go func() {
		var outcome streamPosted
		if polling != nil {
			outcome.poll, outcome.err = client.RespondStreamAndPoll(polling, requestID, contentType, body)
		} else {
			outcome.poll, outcome.err = &Poll{client: client}, client.RespondStream(requestID, contentType, body)
		}
		posted <- outcome
	}()
}

// await waits for the POST's outcome.
func (a *streamedAnswer) await() error {
	if !a.received {
		outcome := <-a.posted
		a.outcome, a.poll, a.received = outcome.err, outcome.poll, true
	}
	return a.outcome
}

// end completes the POST: what the buffer holds, then the trailers of
// report when it is a failure's; and waits until Lambda has taken it all.
func (a *streamedAnswer) end(report *ErrorReport) error {
	if a.ended {
		return a.outcome
	}
	a.ended = true
	a.buffer.Flush() // an error is the POST's, which await returns
	a.begin()        // an answer with no byte at all is posted too
	if report != nil {
		a.body.trailer.Set(trailerErrorType, report.Type)
		a.body.trailer.Set(trailerErrorBody, base64.StdEncoding.EncodeToString(encodeReport(*report)))
	}
	a.pipe.Close()
	return a.await()
}

// cut ends the answer at the invocation's deadline, whether or not the
// function has noticed: once its first byte has left, with the deadline's
// report in the trailers at once; before, the report waits for the
// function to return. Writes fail from then on, as they do past a deadline
// on the HTTP hosts.
func (a *streamedAnswer) cut(report ErrorReport) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ended || a.stopped != nil {
		return
	}
	a.stopped = http.ErrHandlerTimeout
	if a.posted == nil {
		a.timedOut = &report
		return
	}
	a.cfg.Logf("go-handoff: request %s failed after %d bytes of its streamed answer: %s: %s", a.requestID, a.sent, report.Type, report.Message)
	// No GET /next may follow this end: the function still runs.
	a.release()
	a.end(&report) // its outcome is finish's or failed's to report
}

// finish ends the answer of a function that returned without an error, and
// returns the next poll, as handle does.
func (a *streamedAnswer) finish() (*Poll, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.timedOut != nil {
		return fail(a.cfg, a.shared, a.requestID, *a.timedOut)
	}
	return a.settle(a.end(nil))
}

// failed reports the function's failure: at the error endpoint when no byte
// of its answer has left, as a buffered answer's; else in the trailers. It
// returns the next poll, as handle does.
func (a *streamedAnswer) failed(report ErrorReport) (*Poll, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.posted == nil {
		return fail(a.cfg, a.shared, a.requestID, report)
	}
	if a.ended {
		// The deadline's report went first; this is the function's own view.
		a.cfg.Logf("go-handoff: request %s failed after its streamed answer ended: %s: %s", a.requestID, report.Type, report.Message)
		return a.settle(a.outcome)
	}
	a.cfg.Logf("go-handoff: request %s failed after %d bytes of its streamed answer: %s: %s", a.requestID, a.sent, report.Type, report.Message)
	return a.settle(a.end(&report))
}

// settle turns the POST's outcome into the loop's, with the poll that went
// behind it: an answer Lambda refused as too large fails the invocation,
// one it refused as too late (the invocation is over) is dropped, and the
// loop goes on; any other failure to post stops the loop, as for a
// buffered answer.
func (a *streamedAnswer) settle(err error) (*Poll, error) {
	var status *StatusError
	if errors.As(err, &status) && status.Status == http.StatusRequestEntityTooLarge {
		report := ErrorReport{
			Message: fmt.Sprintf("the function's streamed answer was refused after %d bytes, more than Lambda accepts (%s)", a.sent, status.Body),
			Type:    "Runtime.ResponseTooLarge",
		}
		// On a connection of its own: the poll may be waiting on the answer's.
		if _, err := fail(a.cfg, nil, a.requestID, report); err != nil {
			a.cfg.Logf("go-handoff: request %s: %v", a.requestID, err)
		}
		return a.poll, nil
	}
	if tooLate(err) {
		a.cfg.Logf("go-handoff: request %s: the streamed answer came too late, Lambda no longer takes it (%v)", a.requestID, err)
		return a.poll, nil
	}
	if err != nil {
		return a.poll, fmt.Errorf("posting the streamed answer of request %s: %w", a.requestID, err)
	}
	return a.poll, nil
}
