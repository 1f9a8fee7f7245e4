package disclosure

import "testing"

func TestPlain(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want bool
	}{
		{"nothing set: development", nil, false},
		{"NODE_ENV=production, as Cloud Functions' buildpacks set", map[string]string{"NODE_ENV": "production"}, true},
		{"NODE_ENV=development", map[string]string{"NODE_ENV": "development"}, false},
		{"a Lambda runtime, which sets no NODE_ENV", map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001"}, true},
		{"detailed wins over production", map[string]string{"NODE_ENV": "production", Setting: "detailed"}, false},
		{"detailed wins on Lambda", map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", Setting: " Detailed "}, false},
		{"plain wins over development", map[string]string{Setting: "plain"}, true},
		{"an unknown value says little", map[string]string{Setting: "verbose"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Plain(func(key string) string { return tt.env[key] }); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
