package contract

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// MaxBodyBytes bounds how much of a request body is read for a typed, bytes
// or event function. The SDK sets it at start-up.
var MaxBodyBytes int64 = 32 << 20

// errBodyTooLarge is the body read failing on MaxBodyBytes.
type errBodyTooLarge struct{ limit int64 }

func (e errBodyTooLarge) Error() string {
	return fmt.Sprintf("the request body is larger than the limit of %s (raise it with GO_HANDOFF_MAX_BODY_BYTES)", byteSize(e.limit))
}

// readBody reads the whole body, refusing more than MaxBodyBytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errBodyTooLarge{limit: tooLarge.Limit}
	}
	if err != nil {
		return nil, &InputError{Reason: fmt.Sprintf("reading the request body: %v", err)}
	}
	return body, nil
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
