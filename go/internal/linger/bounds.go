package linger

import "time"

// Bounds limit one connection's drain: whichever is reached first ends it.
type Bounds struct {
	// Bytes is how much of what the client still sends is read and thrown
	// away, counted on the wire from the moment the answer was given.
	Bytes int64
	// Time is how long the drain may last, from the same moment.
	Time time.Duration
}

// DefaultBounds drain up to 128 MiB, for up to 5 seconds (nginx's
// lingering_timeout): four times the default body limit, so that the usual
// oversized upload ends within the bound and its client reads the answer.
var DefaultBounds = Bounds{Bytes: 128 << 20, Time: 5 * time.Second}

func (b Bounds) orDefault() Bounds {
	if b.Bytes <= 0 {
		b.Bytes = DefaultBounds.Bytes
	}
	if b.Time <= 0 {
		b.Time = DefaultBounds.Time
	}
	return b
}
