package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestEmulatorHealth(t *testing.T) {
	handler := withEmulatorHealth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "function: %s %s", r.Method, r.URL.Path)
	}))
	tests := []struct {
		method, path string
		want         string
	}{
		{"GET", "/__/health", ""},
		{"HEAD", "/__/health", ""},
		{"POST", "/__/health", "function: POST /__/health"},
		{"GET", "/__/healthz", "function: GET /__/healthz"},
		{"GET", "/", "function: GET /"},
	}
	for _, tt := range tests {
		w := httptest.NewRecorder()
		handler.ServeHTTP(w, httptest.NewRequest(tt.method, tt.path, nil))
		if w.Code != http.StatusOK || w.Body.String() != tt.want {
			t.Errorf("%s %s: got %d %q, want 200 %q", tt.method, tt.path, w.Code, w.Body.String(), tt.want)
		}
	}
}
