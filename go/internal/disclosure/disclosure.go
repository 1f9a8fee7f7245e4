// Package disclosure decides how much the SDK's own error answers tell a
// client, by the rule the loader applies to its answers (the npm package's
// src/loader/error-detail.ts): in development everything, in production a
// plain message and a stable code, the details going to the log.
//
// Production is NODE_ENV=production, which Google's buildpacks set for
// Cloud Functions and Cloud Run functions (Firebase's deployed functions
// too), or a Lambda runtime (AWS_LAMBDA_RUNTIME_API), where AWS sets no
// NODE_ENV; GO_HANDOFF_ERRORS=plain or detailed overrides both.
package disclosure

import "strings"

// Setting is the variable that decides, whatever the platform says.
const Setting = "GO_HANDOFF_ERRORS"

// Plain reports whether answers must say little. A value of Setting other
// than "plain" or "detailed" counts as "plain": the side that reveals
// nothing.
func Plain(getenv func(string) string) bool {
	switch strings.ToLower(strings.TrimSpace(getenv(Setting))) {
	case "detailed":
		return false
	case "":
		return getenv("NODE_ENV") == "production" || getenv("AWS_LAMBDA_RUNTIME_API") != ""
	default:
		return true
	}
}

// PlainMessage is a production answer's body for a function that cannot
// serve: the code, and where the story is.
func PlainMessage(code string) string {
	return "Internal Server Error: the function could not start [" + code + "]; its log says why."
}
