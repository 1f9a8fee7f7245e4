package contract

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// ResultEncodingError is a typed function's result that JSON cannot carry
// (a NaN, a cycle, a MarshalJSON that failed).
type ResultEncodingError struct{ Err error }

func (e *ResultEncodingError) Error() string {
	return fmt.Sprintf("the function's result could not be encoded as JSON: %v", e.Err)
}

func (e *ResultEncodingError) Unwrap() error { return e.Err }

// encodeResult is a typed function's answer: its result as JSON, null when
// it has none, and a json.RawMessage as it is (aws-lambda-go passes it on
// unchecked too).
func encodeResult(result reflect.Value) ([]byte, error) {
	switch {
	case !result.IsValid():
		return []byte("null"), nil
	case result.Type() == reflect.TypeOf(json.RawMessage(nil)) && result.Len() > 0:
		return result.Bytes(), nil
	}
	body, err := json.Marshal(result.Interface())
	if err != nil {
		return nil, &ResultEncodingError{Err: err}
	}
	return body, nil
}
