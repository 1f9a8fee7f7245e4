// Package httpevent turns the HTTP requests AWS Lambda delivers as events
// into *http.Request values, and what a net/http handler wrote into the
// answer Lambda expects back, so that one http.Handler serves on Lambda as
// it does on the HTTP hosts.
//
// Two shapes of event exist: API Gateway REST APIs send payload format 1.0
// (httpMethod, path, multiValueHeaders); API Gateway HTTP APIs and Lambda
// Function URLs send payload format 2.0 (version "2.0", rawPath,
// rawQueryString, cookies, requestContext.http). Each is answered in its
// own format: statusCode, headers and body (base64 when it is not text),
// with multiValueHeaders for 1.0 and cookies for 2.0.
package httpevent
