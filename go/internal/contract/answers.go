package contract

import (
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"

	"github.com/go-handoff/go-handoff/internal/invocation"
)

// answers writes a contract's answers: its result, and each kind of failure
// in the shape users of that contract expect.
type answers interface {
	succeeded(w http.ResponseWriter, result reflect.Value)
	failed(w http.ResponseWriter, info *invocation.Info, err error)
	refused(w http.ResponseWriter, status int, reason string)
	crashed(w http.ResponseWriter, info *invocation.Info)
	timedOut(w http.ResponseWriter, info *invocation.Info, reason string)
}

func writeJSON(w http.ResponseWriter, status int, value any) {
	body, err := json.Marshal(value)
	if err != nil {
		body = []byte(`{"errorMessage":"the answer could not be encoded as JSON"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// The status of an invocation that overran its timeout: the function, like a
// gateway's upstream, did not answer in time.
const statusTimedOut = http.StatusGatewayTimeout

func crashMessage(info *invocation.Info) string {
	return fmt.Sprintf("RequestId: %s Error: the function panicked; its stack trace is in the logs", info.ExecutionID)
}

// typedAnswers: results as JSON; errors as {"errorMessage", "errorType"}, the
// body aws-lambda-go and the eawsy shim gave (and never with status 200).
type typedAnswers struct{}

func (typedAnswers) succeeded(w http.ResponseWriter, result reflect.Value) {
	body, err := encodeResult(result)
	if err != nil {
		w.Header().Set(GoogleStatusHeader, GoogleStatusError)
		writeJSON(w, http.StatusInternalServerError, map[string]string{"errorMessage": err.Error(), "errorType": errorTypeName(err)})
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

func (typedAnswers) failed(w http.ResponseWriter, _ *invocation.Info, err error) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"errorMessage": err.Error(), "errorType": errorTypeName(err)})
}

func (typedAnswers) refused(w http.ResponseWriter, status int, reason string) {
	writeJSON(w, status, map[string]string{"errorMessage": reason, "errorType": http.StatusText(status)})
}

func (typedAnswers) crashed(w http.ResponseWriter, info *invocation.Info) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusCrash)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"errorMessage": crashMessage(info), "errorType": "Panic"})
}

func (typedAnswers) timedOut(w http.ResponseWriter, info *invocation.Info, reason string) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	writeJSON(w, statusTimedOut, map[string]string{"errorMessage": fmt.Sprintf("RequestId: %s Error: %s", info.ExecutionID, reason), "errorType": "Timeout"})
}

// bytesAnswers: the result verbatim as application/octet-stream; errors as
// {"error": "..."}, the ignite platform's shape.
type bytesAnswers struct{}

func (bytesAnswers) succeeded(w http.ResponseWriter, result reflect.Value) {
	w.Header().Set("Content-Type", "application/octet-stream")
	if result.IsValid() {
		w.Write(result.Bytes())
	}
}

func (bytesAnswers) failed(w http.ResponseWriter, _ *invocation.Info, err error) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": err.Error()})
}

func (bytesAnswers) refused(w http.ResponseWriter, status int, reason string) {
	writeJSON(w, status, map[string]string{"error": reason})
}

func (bytesAnswers) crashed(w http.ResponseWriter, info *invocation.Info) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusCrash)
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": crashMessage(info)})
}

func (bytesAnswers) timedOut(w http.ResponseWriter, _ *invocation.Info, reason string) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	writeJSON(w, statusTimedOut, map[string]string{"error": reason})
}

// eventAnswers: a 200 with no body once handled (the sender only reads the
// status: anything else means "deliver again"), plain text otherwise.
type eventAnswers struct{}

func (eventAnswers) succeeded(w http.ResponseWriter, _ reflect.Value) {
	w.WriteHeader(http.StatusOK)
}

func (eventAnswers) failed(w http.ResponseWriter, _ *invocation.Info, err error) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	http.Error(w, err.Error(), http.StatusInternalServerError)
}

func (eventAnswers) refused(w http.ResponseWriter, status int, reason string) {
	http.Error(w, reason, status)
}

func (eventAnswers) crashed(w http.ResponseWriter, info *invocation.Info) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusCrash)
	http.Error(w, crashMessage(info), http.StatusInternalServerError)
}

func (eventAnswers) timedOut(w http.ResponseWriter, _ *invocation.Info, reason string) {
	w.Header().Set(GoogleStatusHeader, GoogleStatusError)
	http.Error(w, reason, statusTimedOut)
}

// httpAnswers: what the SDK itself answers for a net/http function, in
// plain text; the function answers everything else.
type httpAnswers struct{ eventAnswers }
