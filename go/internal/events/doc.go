// Package events decodes the events a function can be sent over HTTP (or,
// on Lambda, as a JSON payload) into one shape:
//
//   - CloudEvents 1.0 in binary mode (ce-* headers, the body is the data)
//     and in structured mode (application/cloudevents+json);
//   - the legacy background-event envelope of Cloud Functions, with its
//     context nested ({"context": {...}, "data": ...}) or flat
//     ({"eventId": ..., "eventType": ..., "data": ...});
//   - a Pub/Sub push request ({"message": {...}, "subscription": ...}), as
//     functions-framework turns it into a Pub/Sub event.
//
// Malformed input gets an error that names what is missing or wrong; the
// HTTP side answers it with 400.
package events
