package server

import (
	"bytes"
	"strconv"
)

// framing follows the requests on one connection as net/http reads them:
// where each head ends, and where its body ends (a declared length, or
// chunks), so that it can tell, for each request, what net/http cannot:
// whether its head carried both Content-Length and Transfer-Encoding.
// net/http reads such a request by its chunks, deletes the Content-Length
// and keeps the connection, where RFC 9112 section 6.1 says to close it
// (golang/go#80942): a front end that went by the Content-Length would see
// a different next request than go-handoff does.
//
// It reads only framing: the request line's version, Content-Length,
// Transfer-Encoding, chunk sizes, the ends of lines. It copies no more than
// one line's first bytes, and skips bodies by counting. Whatever it cannot
// follow (a line too long to hold, a version other than HTTP/1.x, framing
// net/http would refuse) makes it stop following: every request from then
// on is framingUnknown, and the server closes the connection after it. Where
// it stops, net/http refuses the request or closes the connection too, but
// for requests it could not follow, so that a disagreement between the two
// costs a connection, never a wrong answer.
//
// One connection's reads come one at a time (net/http's connReader sees to
// it), so feed needs no lock; next, from the handler, takes the server
// connection's.
type framing struct {
	state     framingState
	line      pendingLine
	head      headFraming
	remaining uint64 // of a declared body, of a chunk's data, or of the CRLF after it
	verdicts  verdictQueue
}

// verdict is what the head of one request said about its body's framing.
type verdict uint8

const (
	// framingClear: one way to read the body (a Content-Length, chunks, or
	// none), which net/http and any front end agree on.
	framingClear verdict = iota
	// framingAmbiguous: both Content-Length and Transfer-Encoding, or
	// Transfer-Encoding on HTTP/1.0 (RFC 9112 section 6.1): which bytes are
	// the body depends on who reads it.
	framingAmbiguous
	// framingUnknown: the head could not be followed.
	framingUnknown
)

type framingState uint8

const (
	atHead        framingState = iota // before a request line (skipping empty lines)
	inRequestLine                     // the request line
	inHeaders                         // a header line, or the empty line that ends the head
	inBody                            // a declared body
	inChunkSize                       // a chunk's size line
	inChunkData                       // a chunk's data
	inChunkEnd                        // the CRLF after a chunk's data
	inTrailers                        // the trailer lines after the last chunk
	lost                              // not following any more
)

// headFraming is what one head says about its body.
type headFraming struct {
	http11         bool // HTTP/1.1 or later: Transfer-Encoding counts
	contentLengths int
	contentLength  uint64
	firstLength    [20]byte // the first Content-Length's text, to compare repeats with
	firstLengthLen int
	encodings      int
	chunked        bool // one Transfer-Encoding, and it is "chunked"
	lastField      headerField
	unfollowable   bool
}

type headerField uint8

const (
	otherField headerField = iota
	contentLengthField
	transferEncodingField
)

// maxPipelined bounds the heads followed ahead of the handler: more
// pipelined requests than that, and framing stops following.
const maxPipelined = 16

type verdictQueue struct {
	items [maxPipelined]verdict
	first int
	count int
}

func (q *verdictQueue) push(v verdict) bool {
	if q.count == len(q.items) {
		return false
	}
	q.items[(q.first+q.count)%len(q.items)] = v
	q.count++
	return true
}

func (q *verdictQueue) pop() (verdict, bool) {
	if q.count == 0 {
		return 0, false
	}
	v := q.items[q.first]
	q.first = (q.first + 1) % len(q.items)
	q.count--
	return v, true
}

// following says whether feed still reads framing.
func (f *framing) following() bool { return f.state != lost }

// next is the verdict on the next request net/http hands the server, in the
// order their heads came.
func (f *framing) next() verdict {
	if v, ok := f.verdicts.pop(); ok {
		return v
	}
	// net/http read a head that framing did not finish: it had stopped.
	return framingUnknown
}

// feed follows p, the next bytes read from the connection.
func (f *framing) feed(p []byte) {
	for len(p) > 0 && f.state != lost {
		switch f.state {
		case atHead:
			// net/http tolerates the CRLF some clients send after a
			// POST's body; anything more it refuses, and closes.
			for len(p) > 0 && (p[0] == '\r' || p[0] == '\n') {
				p = p[1:]
			}
			if len(p) > 0 {
				f.head = headFraming{}
				f.state = inRequestLine
			}
		case inRequestLine, inHeaders, inChunkSize, inTrailers:
			end := bytes.IndexByte(p, '\n')
			if end < 0 {
				f.line.add(p)
				return
			}
			f.line.add(p[:end])
			p = p[end+1:]
			f.endLine()
			f.line = pendingLine{}
		case inBody, inChunkData:
			skip := uint64(len(p))
			if skip > f.remaining {
				skip = f.remaining
			}
			p = p[skip:]
			f.remaining -= skip
			if f.remaining > 0 {
				return
			}
			if f.state == inBody {
				f.state = atHead
			} else {
				f.state, f.remaining = inChunkEnd, 2
			}
		case inChunkEnd:
			want := byte('\r')
			if f.remaining == 1 {
				want = '\n'
			}
			if p[0] != want {
				f.stop() // net/http refuses it too: "malformed chunked encoding"
				return
			}
			p = p[1:]
			if f.remaining--; f.remaining == 0 {
				f.state = inChunkSize
			}
		}
	}
}

// endLine acts on the line just ended.
func (f *framing) endLine() {
	text, whole := f.line.text()
	switch f.state {
	case inRequestLine:
		// net/http reads the version after the line's second space; the
		// last eight bytes are it whenever net/http accepts the line.
		version, ok := f.line.last(len(" HTTP/1.1"))
		if !ok || !bytes.HasPrefix(version, []byte(" HTTP/1.")) || version[8] < '0' || version[8] > '9' {
			f.stop()
			return
		}
		f.head.http11 = version[8] >= '1'
		f.state = inHeaders
	case inHeaders:
		if f.line.length == 0 {
			f.endHead()
			return
		}
		f.headerLine(text, whole)
	case inChunkSize:
		f.chunkSizeLine(text, whole)
	case inTrailers:
		if f.line.length == 0 {
			f.state = atHead
		}
	}
}

// headerLine notes what a header line says about the body.
func (f *framing) headerLine(text []byte, whole bool) {
	if text[0] == ' ' || text[0] == '\t' {
		// An obsolete line folding continues the header before: it would
		// change a Content-Length's or Transfer-Encoding's value.
		if f.head.lastField != otherField {
			f.head.unfollowable = true
		}
		return
	}
	colon := bytes.IndexByte(text, ':')
	if colon < 0 {
		// A name longer than what is held: no name framing reads. Or no
		// colon at all, which net/http refuses.
		f.head.lastField = otherField
		if whole {
			f.head.unfollowable = true
		}
		return
	}
	name := text[:colon]
	switch {
	case asciiEqualFold(name, "Content-Length"):
		f.head.lastField = contentLengthField
	case asciiEqualFold(name, "Transfer-Encoding"):
		f.head.lastField = transferEncodingField
	default:
		f.head.lastField = otherField
		return
	}
	if !whole {
		f.head.unfollowable = true // a value too long to hold
		return
	}
	value := bytes.Trim(text[colon+1:], " \t")
	if f.head.lastField == transferEncodingField {
		// net/http accepts exactly one Transfer-Encoding, "chunked".
		f.head.encodings++
		f.head.chunked = f.head.encodings == 1 && asciiEqualFold(value, "chunked")
		return
	}
	// net/http accepts repeated Content-Lengths only when they agree, and
	// only digits.
	f.head.contentLengths++
	if f.head.contentLengths > 1 {
		if !bytes.Equal(value, f.head.firstLength[:f.head.firstLengthLen]) {
			f.head.unfollowable = true
		}
		return
	}
	n, err := strconv.ParseUint(string(value), 10, 63)
	if err != nil || len(value) > len(f.head.firstLength) {
		f.head.unfollowable = true
		return
	}
	f.head.contentLength = n
	f.head.firstLengthLen = copy(f.head.firstLength[:], value)
}

// endHead records the head's verdict and follows its body.
func (f *framing) endHead() {
	h := &f.head
	v, next := framingClear, atHead
	switch {
	case h.unfollowable:
		v, next = framingUnknown, lost
	case h.encodings > 0 && (h.contentLengths > 0 || !h.http11):
		// The connection ends after this request: nothing to follow.
		v, next = framingAmbiguous, lost
	case h.encodings > 0 && !h.chunked:
		v, next = framingUnknown, lost // net/http answers 501 and closes
	case h.chunked:
		next = inChunkSize
	case h.contentLength > 0:
		next, f.remaining = inBody, h.contentLength
	}
	if !f.verdicts.push(v) {
		f.stop()
		return
	}
	f.state = next
}

// chunkSizeLine reads a chunk's size, as net/http does: hexadecimal, up to
// an extension (";...") or trailing blanks; 0 ends the chunks.
func (f *framing) chunkSizeLine(text []byte, whole bool) {
	size := text
	if semi := bytes.IndexByte(text, ';'); semi >= 0 {
		size = text[:semi]
	} else if !whole {
		f.stop() // net/http refuses sizes this long
		return
	}
	size = bytes.TrimRight(size, " \t")
	n, err := strconv.ParseUint(string(size), 16, 64)
	if err != nil || len(size) > 16 || size[0] == '+' {
		f.stop() // net/http refuses it too
		return
	}
	if n == 0 {
		f.state = inTrailers
		return
	}
	f.state, f.remaining = inChunkData, n
}

func (f *framing) stop() { f.state = lost }

// pendingLine holds what framing needs of a line that may come in pieces:
// its first bytes, its last bytes and its length, without its LF (and,
// once ended, without the CR before it).
type pendingLine struct {
	first  [64]byte
	end    [16]byte // the last bytes so far, right-aligned
	length int
}

func (l *pendingLine) add(p []byte) {
	if l.length < len(l.first) {
		copy(l.first[l.length:], p)
	}
	if len(p) >= len(l.end) {
		copy(l.end[:], p[len(p)-len(l.end):])
	} else {
		copy(l.end[:], l.end[len(p):])
		copy(l.end[len(l.end)-len(p):], p)
	}
	l.length += len(p)
}

// text is the line's first bytes, with the CR before its LF removed, and
// whether that is the whole line.
func (l *pendingLine) text() ([]byte, bool) {
	if l.length > 0 && l.end[len(l.end)-1] == '\r' {
		l.length--
		copy(l.end[1:], l.end[:len(l.end)-1])
	}
	if l.length <= len(l.first) {
		return l.first[:l.length], true
	}
	return l.first[:], false
}

// last is the line's last n bytes (n <= 16), once text has removed its CR.
func (l *pendingLine) last(n int) ([]byte, bool) {
	if l.length < n {
		return nil, false
	}
	return l.end[len(l.end)-n:], true
}

// asciiEqualFold compares a header name or value with a lower- or
// mixed-case constant, ASCII only, as net/http's canonical names do.
func asciiEqualFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		x, y := b[i], s[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
