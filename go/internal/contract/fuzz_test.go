package contract

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type fuzzOrder struct {
	Item     string            `json:"item"`
	Quantity int               `json:"quantity"`
	Tags     []string          `json:"tags"`
	Extra    map[string]any    `json:"extra"`
	Nested   *fuzzOrder        `json:"nested"`
	Labels   map[string]string `json:"labels"`
}

// FuzzTypedDecoding: whatever the body, a typed function's answer is its
// result (200) or a refusal of the body (400), never a crash of the SDK.
func FuzzTypedDecoding(f *testing.F) {
	for _, seed := range []string{`{"item":"tea","quantity":2}`, `{"nested":{"nested":{}}}`, `[1,2,3]`, `"text"`, ``, `{"quantity":1e400}`, "\xff\xfe{", `{"tags":[null]}`} {
		f.Add([]byte(seed))
	}
	adapted, err := Adapt(func(ctx context.Context, in fuzzOrder) (fuzzOrder, error) { return in, nil })
	if err != nil {
		f.Fatal(err)
	}
	handler := WithInvocation(adapted.Handler, 0)
	f.Fuzz(func(t *testing.T, body []byte) {
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body))))
		if rec.Code != http.StatusOK && rec.Code != http.StatusBadRequest {
			t.Fatalf("body %q: status %d %s", body, rec.Code, rec.Body.String())
		}
	})
}
