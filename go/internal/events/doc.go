// Package events decodes the events a function can be sent over HTTP (or,
// on Lambda, as a JSON payload) and converts them, once, by Cloud Functions'
// published mapping between legacy background events and CloudEvents
// (functions-framework-conformance's docs/mapping.md, as functions-framework-go
// implements it; mapping.go holds the table). A function never needs to know
// how its event travelled.
//
// The forms understood:
//
//   - CloudEvents 1.0 in binary mode (ce-* headers, the body is the data)
//     and in structured mode (application/cloudevents+json);
//   - the legacy background-event envelope of Cloud Functions, with its
//     context nested ({"context": {...}, "data": ...}) or flat
//     ({"eventId": ..., "eventType": ..., "data": ...});
//   - a Pub/Sub push request ({"message": {...}, "subscription": ...}), as
//     functions-framework turns it into a Pub/Sub event.
//
// Two views, one per kind of function:
//
//   - FromHTTP / FromJSON give an *Event whose attributes are the CloudEvent
//     ones however it came (for CloudEvent functions and handoff.Event). A
//     legacy event of a type the mapping does not know is refused (400), as
//     functions-framework-go refuses it.
//   - LegacyFromHTTP / LegacyFromJSON, and (*Event).Legacy, give the legacy
//     context and data (for background functions, func(ctx, T) error). A
//     legacy event comes as it was sent, whatever its type.
//
// Malformed input gets an *Error that names what is missing or wrong; the
// HTTP side answers it with 400.
package events
