package lambda

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-handoff/go-handoff/internal/contract"
	"github.com/go-handoff/go-handoff/internal/invocation"
)

func TestDescribe(t *testing.T) {
	h := http.Header{}
	h.Set(headerDeadlineMs, "1700000000123")
	h.Set(headerInvokedFunctionARN, "arn:aws:lambda:eu-west-1:123456789012:function:fn:live")
	h.Set(headerCognitoIdentity, `{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}`)
	h.Set(headerClientContext, `{"client":{"app_title":"app"}}`)
	fn := invocation.Function{Name: "fn", Version: "7"}
	info, err := describe(&Invocation{RequestID: "req-1", Header: h}, fn)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct{ what, got, want string }{
		{"execution id", info.ExecutionID, "req-1"},
		{"deadline", info.Deadline.UTC().Format(time.RFC3339Nano), "2023-11-14T22:13:20.123Z"},
		{"ARN", info.Lambda.InvokedFunctionARN, "arn:aws:lambda:eu-west-1:123456789012:function:fn:live"},
		{"identity", string(info.Lambda.CognitoIdentity), `{"cognitoIdentityId":"id-1","cognitoIdentityPoolId":"pool-1"}`},
		{"client context", string(info.Lambda.ClientContext), `{"client":{"app_title":"app"}}`},
		{"function", info.Function.Name + "/" + info.Function.Version, "fn/7"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}

	none, err := describe(&Invocation{RequestID: "req-2", Header: http.Header{}}, fn)
	if err != nil || !none.Deadline.IsZero() || none.Lambda.CognitoIdentity != nil {
		t.Errorf("without headers: got %+v, %v", none, err)
	}
	h.Set(headerDeadlineMs, "soon")
	if _, err := describe(&Invocation{RequestID: "req-3", Header: h}, fn); err == nil || !strings.Contains(err.Error(), `Lambda-Runtime-Deadline-Ms="soon"`) {
		t.Errorf("malformed deadline: got %v", err)
	}
}

type valueError struct{}

func (valueError) Error() string { return "by value" }

func TestReportOf(t *testing.T) {
	var nilMap map[string]int
	nilPanic := func() (p *contract.Panic) {
		defer func() { p = &contract.Panic{Value: recover(), Stack: []byte("goroutine 1 [running]:\n\tmain.go:1\n")} }()
		nilMap["x"] = 1
		return nil
	}()
	tests := []struct {
		name      string
		err       error
		wantType  string
		wantMsg   string
		wantStack int
	}{
		{"errors.New", errors.New("plain"), "errorString", "plain", 0},
		{"error by value", valueError{}, "valueError", "by value", 0},
		{"wrapped", &contract.InputError{Reason: "bad"}, "InputError", "bad", 0},
		{"panic with a string", &contract.Panic{Value: "boom", Stack: []byte("a\n\n b \n")}, "string", "boom", 2},
		{"runtime panic", nilPanic, "plainError", "assignment to entry in nil map", 2},
		{"panic with an error", &contract.Panic{Value: errors.New("e")}, "errorString", "e", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reportOf(tt.err)
			if got.Type != tt.wantType || got.Message != tt.wantMsg || len(got.StackTrace) != tt.wantStack {
				t.Errorf("got %+v, want type %q, message %q, %d stack lines", got, tt.wantType, tt.wantMsg, tt.wantStack)
			}
		})
	}
}

func TestHosted(t *testing.T) {
	tests := []struct {
		env  map[string]string
		want bool
	}{
		{map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"}, true},
		{map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "LISTEN_FDS": "1"}, false},
		{map[string]string{"PORT": "8080"}, false},
	}
	for _, tt := range tests {
		if got := Hosted(func(k string) string { return tt.env[k] }); got != tt.want {
			t.Errorf("Hosted(%v): got %v, want %v", tt.env, got, tt.want)
		}
	}
}

func TestMaxConcurrency(t *testing.T) {
	tests := []struct {
		value   string
		want    int
		wantErr bool
	}{
		{"", 1, false},
		{"1", 1, false},
		{"64", 64, false},
		{" 8 ", 8, false},
		{"0", 1, true},
		{"-3", 1, true},
		{"many", 1, true},
	}
	for _, tt := range tests {
		got, err := MaxConcurrency(func(k string) string {
			if k == "AWS_LAMBDA_MAX_CONCURRENCY" {
				return tt.value
			}
			return ""
		})
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("MaxConcurrency(%q): got %d, %v; want %d, error %v", tt.value, got, err, tt.want, tt.wantErr)
		}
	}
}
