package events

import (
	"encoding/json"
	"net/http"
)

// FromHTTP decodes the event a request carries (body already read).
func FromHTTP(h http.Header, body []byte) (*Event, error) {
	switch media := mediaType(h.Get("Content-Type")); {
	case isBinaryCloudEvent(h):
		return fromBinary(h, body)
	case media == "application/cloudevents+json":
		return fromStructured(body)
	case media == "application/cloudevents-batch+json":
		return nil, fail("batched CloudEvents (application/cloudevents-batch+json) are not supported: send one event per request")
	}
	return FromJSON(body)
}

// FromJSON decodes an event given as a JSON document alone: a structured
// CloudEvent, a legacy envelope, or a Pub/Sub push request.
func FromJSON(body []byte) (*Event, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fail("the request is not an event: no ce-specversion header, and the body is not a JSON object (%v)", err)
	}
	switch {
	case fields["specversion"] != nil:
		return fromStructured(body)
	case fields["context"] != nil || fields["eventId"] != nil || fields["eventType"] != nil:
		return fromLegacy(fields)
	case fields["message"] != nil && fields["subscription"] != nil:
		return fromPubSubPush(fields)
	}
	return nil, fail("the request is not an event: expected a CloudEvent (ce-* headers, or a JSON body with specversion), a legacy event (context or eventId with data), or a Pub/Sub push message")
}
