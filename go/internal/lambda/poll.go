package lambda

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// On Lambda Managed Instances the Runtime API queues no invocation: one that
// arrives while no GET /next waits is refused (Runtime.Unavailable, a
// throttle for the caller). A loop that posts its answer, waits for the 202,
// and only then asks for the next invocation is not waiting for that long:
// a round trip, plus however long the Go scheduler takes to run the loop
// again, which on a core busy with other invocations is milliseconds. The
// invocation's caller, answered at the post, may be back by then.
//
// So, there, the loop sends its GET /next on the same connection right
// behind the post, without waiting (HTTP/1.1 pipelining). The Runtime API
// answers a connection's requests one after the other, so it still sees
// the answer first and the poll second, exactly as before, with no gap
// between them; the 202 is read after.

// Poll is a GET /next that may already be on its way: sent right behind a
// post by RespondAndPoll, ReportErrorAndPoll or RespondStreamAndPoll, or
// not (then Next sends it).
type Poll struct {
	client *Client
	// conn carries the sent GET /next, whose answer is the next to read
	// on it; nil when none was sent.
	conn *connection
	req  *http.Request
}

// Next waits for the poll's invocation: the pipelined GET /next's answer, or
// a new GET /next's when none was sent. Cancelling ctx ends the wait.
func (p *Poll) Next(ctx context.Context) (*Invocation, error) {
	if p.conn == nil {
		return p.client.Next(ctx)
	}
	conn := p.conn
	p.conn = nil
	defer p.client.conns.release(conn)
	resp, payload, _, err := conn.read(ctx, p.req)
	if err != nil {
		conn.drop()
		return nil, fmt.Errorf("GET %s: %w", p.req.URL, err)
	}
	return invocationFrom(p.req, resp, payload)
}

// Abandon gives the poll up: its connection is closed, and with it the GET
// /next that was waiting, if one was.
func (p *Poll) Abandon() {
	if p.conn != nil {
		p.conn.drop()
		p.client.conns.release(p.conn)
		p.conn = nil
	}
}

// RespondAndPoll posts the answer to requestID and, unless polling has
// ended, asks for the next invocation right behind it (see above). The
// error is the post's; the Poll is there even then, and must be read
// (Next) or given up (Abandon).
func (c *Client) RespondAndPoll(polling context.Context, requestID string, answer []byte, contentType string) (*Poll, error) {
	post, err := c.postRequest("/invocation/"+url.PathEscape(requestID)+"/response", answer, contentType, "")
	if err != nil {
		return &Poll{client: c}, err
	}
	return c.postAndPoll(polling, post)
}

// ReportErrorAndPoll posts the invocation's failure, then asks for the next
// one as RespondAndPoll does.
func (c *Client) ReportErrorAndPoll(polling context.Context, requestID string, report ErrorReport) (*Poll, error) {
	post, err := c.postRequest("/invocation/"+url.PathEscape(requestID)+"/error", encodeReport(report), "application/json", report.Type)
	if err != nil {
		return &Poll{client: c}, err
	}
	return c.postAndPoll(polling, post)
}

// postAndPoll sends post and, unless polling has ended by the time post has
// left whole, a GET /next right behind it on the same connection. A
// streamed answer's post leaves over as long as the function writes, and
// its poll is only sent if polling is still on at its end.
func (c *Client) postAndPoll(polling context.Context, post *http.Request) (*Poll, error) {
	poll := &Poll{client: c}
	if polling.Err() != nil {
		return poll, c.send(post)
	}
	next, err := c.nextRequest(polling)
	if err != nil {
		return poll, err
	}
	conn := c.conns.acquire()
	for attempt := 0; ; attempt++ {
		resp, answer, polled, answered, err := sendBoth(conn, post, next, polling)
		if err == nil {
			if polled && conn.conn != nil {
				poll.conn, poll.req = conn, next
			} else {
				// No GET /next was sent, or the Runtime API closed the
				// connection after the post (Connection: close) and the
				// GET went with it: Next sends one.
				c.conns.release(conn)
			}
			return poll, postOutcome(post, resp, answer)
		}
		// As in connection.do: a reused connection the peer had closed
		// while idle took nothing in; try once more on a new one (a
		// streamed answer cannot be: its GetBody says why).
		retry := !answered && attempt == 0 && conn.reused && polling.Err() == nil
		conn.drop()
		if !retry {
			c.conns.release(conn)
			return poll, fmt.Errorf("%s %s: %w", post.Method, post.URL, err)
		}
		if post.Body, err = post.GetBody(); err != nil {
			c.conns.release(conn)
			return poll, fmt.Errorf("%s %s: %w", post.Method, post.URL, err)
		}
	}
}

// sendBoth writes post, then next unless polling has ended meanwhile, on
// conn, then reads post's answer; polled says whether next was sent,
// answered whether any of post's answer arrived.
func sendBoth(conn *connection, post, next *http.Request, polling context.Context) (resp *http.Response, answer []byte, polled, answered bool, err error) {
	background := context.Background()
	if err := conn.dial(background); err != nil {
		return nil, nil, false, false, err
	}
	if err := conn.write(background, post); err != nil {
		return nil, nil, false, false, err
	}
	// The GET is sent whole or not at all: polls stopped after this point
	// end at Poll.Next, whose ctx interrupts the wait for its answer.
	if polling.Err() == nil {
		if err := conn.write(background, next); err != nil {
			return nil, nil, false, false, err
		}
		polled = true
	}
	resp, answer, answered, err = conn.read(background, post)
	return resp, answer, polled, answered, err
}
