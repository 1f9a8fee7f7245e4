package events

import (
	"encoding/json"
	"net/http"
)

// FromHTTP decodes the event a request carries (body already read), as the
// CloudEvent a CloudEvent function gets: a legacy event is converted by
// Cloud Functions' mapping, and one whose type the mapping does not know is
// an *Error, as functions-framework-go refuses it.
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
	fields, err := eventObject(body)
	if err != nil {
		return nil, err
	}
	switch {
	case fields["specversion"] != nil:
		return fromStructured(body)
	case isLegacy(fields):
		env, err := parseLegacy(fields)
		if err != nil {
			return nil, err
		}
		return toCloudEvent(env)
	case fields["message"] != nil && fields["subscription"] != nil:
		return fromPubSubPush(fields)
	}
	return nil, notAnEvent()
}

// LegacyFromHTTP decodes the event a request carries as a background
// function gets it: a legacy event as it came, whatever its type; a
// CloudEvent converted back by Cloud Functions' mapping (see Legacy).
func LegacyFromHTTP(h http.Header, body []byte) (Legacy, error) {
	if media := mediaType(h.Get("Content-Type")); isBinaryCloudEvent(h) || media == "application/cloudevents+json" || media == "application/cloudevents-batch+json" {
		ev, err := FromHTTP(h, body)
		if err != nil {
			return Legacy{}, err
		}
		return ev.Legacy()
	}
	return LegacyFromJSON(body)
}

// LegacyFromJSON is LegacyFromHTTP for an event given as a JSON document alone.
func LegacyFromJSON(body []byte) (Legacy, error) {
	fields, err := eventObject(body)
	if err != nil {
		return Legacy{}, err
	}
	if isLegacy(fields) && fields["specversion"] == nil {
		env, err := parseLegacy(fields)
		if err != nil {
			return Legacy{}, err
		}
		return env.Legacy, nil
	}
	ev, err := FromJSON(body)
	if err != nil {
		return Legacy{}, err
	}
	return ev.Legacy()
}

func eventObject(body []byte) (map[string]json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fail("the request is not an event: no ce-specversion header, and the body is not a JSON object (%v)", err)
	}
	return fields, nil
}

func notAnEvent() error {
	return fail("the request is not an event: expected a CloudEvent (ce-* headers, or a JSON body with specversion), a legacy event (context or eventId with data), or a Pub/Sub push message")
}
