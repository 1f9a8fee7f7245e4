// A bytes function: the raw body in, the answer out verbatim as
// application/octet-stream. A returned error answers HTTP 500 with
// {"error": "..."}.
package main

import (
	"bytes"
	"errors"

	"github.com/go-handoff/go-handoff/handoff"
)

// reverse answers the body's bytes in reverse order.
func reverse(payload []byte, ctx *handoff.Context) ([]byte, error) {
	if len(payload) == 0 {
		return nil, errors.New("send some bytes to reverse")
	}
	out := bytes.Clone(payload)
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

func main() {
	handoff.Start(reverse)
}
