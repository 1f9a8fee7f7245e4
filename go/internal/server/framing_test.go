package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"testing"
)

// verdictsOf feeds stream to a framing in pieces of the given size (0: all
// at once) and pops n verdicts.
func verdictsOf(stream string, piece, n int) []verdict {
	var f framing
	data := []byte(stream)
	for len(data) > 0 {
		size := len(data)
		if piece > 0 {
			size = min(piece, len(data))
		}
		f.feed(data[:size])
		data = data[size:]
	}
	got := make([]verdict, n)
	for i := range got {
		got[i] = f.next()
	}
	return got
}

func (v verdict) String() string {
	return [...]string{"clear", "ambiguous", "unknown"}[v]
}

const (
	plainGET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
	smuggled = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 0\r\n\r\n"
)

func TestFramingVerdicts(t *testing.T) {
	C, A, U := framingClear, framingAmbiguous, framingUnknown
	tests := []struct {
		name   string
		stream string
		want   []verdict
	}{
		{"one GET", plainGET, []verdict{C, U}},
		{"a declared body, then a GET", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" + plainGET, []verdict{C, C, U}},
		{"a declared body that reads like a head", fmt.Sprintf("POST / HTTP/1.1\r\nContent-Length: %d\r\n\r\n%s", len(smuggled), smuggled) + plainGET, []verdict{C, C, U}},
		{"chunks, then a GET", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nA\r\n0123456789\r\n0\r\n\r\n" + plainGET, []verdict{C, C, U}},
		{"chunk extensions and trailers", "POST / HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n5;name=\"x;y\"\r\nhello\r\n6 \t\r\n world\r\n1;e\r\n!\r\n0;last\r\nX-Sum: 1\r\nX-Other: 2\r\n\r\n" + plainGET, []verdict{C, C, U}},
		{"chunk data that reads like a head", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n19\r\nContent-Length: 10\r\n\r\nxxx\r\n0\r\n\r\n" + plainGET, []verdict{C, C, U}},
		{"Content-Length and Transfer-Encoding", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + plainGET, []verdict{A, U}},
		{"Transfer-Encoding and Content-Length, any case", "POST / HTTP/1.1\r\ntransfer-encoding: chunked\r\nCONTENT-LENGTH: 0\r\n\r\n0\r\n\r\n" + plainGET, []verdict{A, U}},
		{"Transfer-Encoding on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", []verdict{A, U}},
		{"HTTP/1.0 with a declared body", "POST / HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi" + plainGET, []verdict{C, C, U}},
		{"bare LF line ends", "POST / HTTP/1.1\nHost: x\nContent-Length: 2\n\nhi" + plainGET, []verdict{C, C, U}},
		{"the CRLF some clients send after a POST", "POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi\r\n" + plainGET, []verdict{C, C, U}},
		{"a long header and a long URI", "GET /" + strings.Repeat("a", 300) + " HTTP/1.1\r\nCookie: " + strings.Repeat("b", 300) + "\r\n\r\n" + plainGET, []verdict{C, C, U}},
		{"repeated Content-Lengths that agree", "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length:  2 \r\n\r\nhi" + plainGET, []verdict{C, C, U}},
		{"repeated Content-Lengths that do not", "POST / HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi" + plainGET, []verdict{U, U}},
		{"a Content-Length that is no number", "POST / HTTP/1.1\r\nContent-Length: +2\r\n\r\nhi" + plainGET, []verdict{U, U}},
		{"a Content-Length value too long to hold", "POST / HTTP/1.1\r\nContent-Length: " + strings.Repeat(" ", 60) + "2\r\n\r\nhi" + plainGET, []verdict{U, U}},
		{"a folded Content-Length", "POST / HTTP/1.1\r\nContent-Length:\r\n 2\r\n\r\nhi" + plainGET, []verdict{U, U}},
		{"a folded other header", "GET / HTTP/1.1\r\nX-A: 1\r\n 2\r\n\r\n" + plainGET, []verdict{C, C, U}},
		{"an encoding other than chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", []verdict{U, U}},
		{"HTTP/2's preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", []verdict{U, U}},
		{"a chunk size that is no number", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + plainGET, []verdict{C, U}},
		{"a chunk not ended by CRLF", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhiXX0\r\n\r\n" + plainGET, []verdict{C, U}},
		{"more pipelined requests than are followed", strings.Repeat(plainGET, maxPipelined+2), append(slices.Repeat([]verdict{C}, maxPipelined), U, U)},
	}
	for _, tt := range tests {
		for _, piece := range []int{0, 1, 2, 7, 64} {
			if got := verdictsOf(tt.stream, piece, len(tt.want)); !slices.Equal(got, tt.want) {
				t.Errorf("%s, fed %d bytes at a time: got %v, want %v", tt.name, piece, got, tt.want)
			}
		}
	}
}

// headStart is the offset of the request head at data[offset:], past the
// empty lines net/http skips before it.
func headStart(data []byte, offset int) int {
	for offset < len(data) && (data[offset] == '\r' || data[offset] == '\n') {
		offset++
	}
	return offset
}

// expectedVerdict reads, as net/http's own parser does (http.ReadRequest),
// the requests in data, and says, for each one it accepts and whose body
// it reads to the end, what framing's verdict must be: ambiguous when its
// head (as net/textproto reads it, before net/http deletes anything) has
// Transfer-Encoding and Content-Length, or Transfer-Encoding on HTTP/1.0.
func expectedVerdicts(data []byte) []verdict {
	counted := &countingReader{r: bytes.NewReader(data)}
	br := bufio.NewReader(counted)
	var want []verdict
	for {
		start := headStart(data, counted.n-br.Buffered())
		req, err := http.ReadRequest(br)
		if err != nil {
			return want
		}
		raw := textproto.NewReader(bufio.NewReader(bytes.NewReader(data[start:])))
		raw.ReadLine() // the request line
		head, err := raw.ReadMIMEHeader()
		if err != nil {
			return want
		}
		_, hasLength := head["Content-Length"]
		_, hasEncoding := head["Transfer-Encoding"]
		if _, err := io.Copy(io.Discard, req.Body); err != nil {
			return want
		}
		if hasEncoding && (hasLength || !req.ProtoAtLeast(1, 1)) {
			return append(want, framingAmbiguous) // the connection ends there
		}
		want = append(want, framingClear)
	}
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// checkAgainstNetHTTP: for every request net/http reads, framing says what
// net/http's parse implies, or that it cannot follow (and from then on
// follows nothing); never clear for an ambiguous request, or the reverse.
func checkAgainstNetHTTP(t *testing.T, data []byte) {
	t.Helper()
	want := expectedVerdicts(data)
	for _, piece := range []int{0, 1, 5} {
		got := verdictsOf(string(data), piece, len(want))
		for i := range want {
			if got[i] == framingUnknown {
				break // it stopped following: the connection will end
			}
			if got[i] != want[i] {
				t.Fatalf("%q fed %d bytes at a time: request %d: got %v, net/http's parse says %v (all: got %v, want %v)", data, piece, i, got[i], want[i], got, want)
			}
		}
	}
}

// FuzzFramingAgreesWithNetHTTP: whatever the bytes on a connection, framing
// never disagrees with net/http on where requests and their bodies lie.
func FuzzFramingAgreesWithNetHTTP(f *testing.F) {
	for _, seed := range []string{
		plainGET + plainGET,
		"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + plainGET,
		"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n" + plainGET,
		"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + plainGET,
		"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc" + plainGET,
		"POST / HTTP/1.1\nContent-Length: 2\n\nhi\r\n" + plainGET,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkAgainstNetHTTP(t, data) })
}

// TestFramingAgreesWithNetHTTPOnGeneratedStreams: pipelined requests made
// of the pieces framing must get right, in many combinations.
func TestFramingAgreesWithNetHTTPOnGeneratedStreams(t *testing.T) {
	random := rand.New(rand.NewPCG(22, 9112))
	pick := func(options ...string) string { return options[random.IntN(len(options))] }
	for range 3000 {
		var stream strings.Builder
		for range 1 + random.IntN(4) {
			eol := pick("\r\n", "\r\n", "\n")
			fmt.Fprintf(&stream, "%s /%s %s%s", pick("GET", "POST", "PUT"), pick("", "x", strings.Repeat("p", 80)), pick("HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2"), eol)
			body := pick("", "hello", "Content-Length: 3\r\n\r\nGET / HTTP/1.1\r\n")
			framings := random.IntN(4)
			if framings&1 != 0 {
				fmt.Fprintf(&stream, "%s:%s%d%s", pick("Content-Length", "content-length"), pick(" ", "", "  "), len(body), eol)
			}
			chunked := framings&2 != 0
			if chunked {
				fmt.Fprintf(&stream, "%s: %s%s", pick("Transfer-Encoding", "transfer-encoding"), pick("chunked", "Chunked", "gzip"), eol)
			}
			fmt.Fprintf(&stream, "Host: x%sX-Long: %s%s%s", eol, strings.Repeat("v", random.IntN(100)), eol, eol)
			switch {
			case chunked:
				for _, piece := range []string{body[:len(body)/2], body[len(body)/2:]} {
					if piece != "" {
						fmt.Fprintf(&stream, "%x%s\r\n%s\r\n", len(piece), pick("", ";ext=1", " "), piece)
					}
				}
				stream.WriteString("0\r\n" + pick("", "Trailer: 1\r\n") + "\r\n")
			case framings&1 != 0:
				stream.WriteString(body)
			}
			stream.WriteString(pick("", "", "\r\n"))
		}
		checkAgainstNetHTTP(t, []byte(stream.String()))
	}
}
