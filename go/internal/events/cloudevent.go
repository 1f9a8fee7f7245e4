package events

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"
)

var sprintf = fmt.Sprintf

// The attributes every CloudEvent must have (CloudEvents 1.0, "Required Attributes").
var requiredAttributes = []string{"id", "source", "specversion", "type"}

// isBinaryCloudEvent reports whether the request carries a CloudEvent in
// binary mode: its attributes in ce-* headers.
func isBinaryCloudEvent(h http.Header) bool { return h.Get("Ce-Specversion") != "" }

func mediaType(contentType string) string {
	media, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return media
}

// fromBinary reads a binary-mode CloudEvent: attributes from the ce-* headers,
// the data is the body, its type the Content-Type.
func fromBinary(h http.Header, body []byte) (*Event, error) {
	attrs := map[string]string{}
	for name, values := range h {
		lower := strings.ToLower(name)
		if strings.HasPrefix(lower, "ce-") && len(values) > 0 {
			attrs[strings.TrimPrefix(lower, "ce-")] = values[0]
		}
	}
	if contentType := h.Get("Content-Type"); contentType != "" {
		attrs["datacontenttype"] = contentType
	}
	ev, err := fromAttributes(attrs, "header ce-")
	if err != nil {
		return nil, err
	}
	ev.Data = body
	ev.Form = CloudEventBinary
	return ev, nil
}

// fromStructured reads a structured-mode CloudEvent: one JSON object holding
// the attributes and the data (as "data", or base64 in "data_base64").
func fromStructured(body []byte) (*Event, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, fail("the body is not a structured CloudEvent (a JSON object): %v", err)
	}
	attrs := map[string]string{}
	for name, raw := range fields {
		if name == "data" || name == "data_base64" {
			continue
		}
		var text string
		if err := json.Unmarshal(raw, &text); err != nil {
			// Extension values may be numbers or booleans: keep their JSON text.
			text = string(raw)
		}
		attrs[name] = text
	}
	ev, err := fromAttributes(attrs, "attribute ")
	if err != nil {
		return nil, err
	}
	ev.Form = CloudEventStructured
	if raw, ok := fields["data_base64"]; ok {
		var encoded string
		if err := json.Unmarshal(raw, &encoded); err != nil {
			return nil, fail("data_base64 must be a string: %v", err)
		}
		if ev.Data, err = base64.StdEncoding.DecodeString(encoded); err != nil {
			return nil, fail("data_base64 is not base64: %v", err)
		}
	} else if raw, ok := fields["data"]; ok {
		ev.Data = dataFromJSON(raw, ev.DataContentType)
	}
	return ev, nil
}

// dataFromJSON keeps JSON data as JSON text; a JSON string under a non-JSON
// content type is the data itself (a text payload).
func dataFromJSON(raw json.RawMessage, contentType string) []byte {
	media := mediaType(contentType)
	if contentType != "" && media != "application/json" && !strings.HasSuffix(media, "+json") {
		var text string
		if json.Unmarshal(raw, &text) == nil {
			return []byte(text)
		}
	}
	return []byte(raw)
}

func fromAttributes(attrs map[string]string, where string) (*Event, error) {
	for _, name := range requiredAttributes {
		if attrs[name] == "" {
			return nil, fail("the CloudEvent has no %s%s, which CloudEvents 1.0 requires (it needs id, source, specversion and type)", where, name)
		}
	}
	if attrs["specversion"] != "1.0" {
		return nil, fail("the CloudEvent has specversion %q; go-handoff reads CloudEvents 1.0", attrs["specversion"])
	}
	ev := &Event{
		ID:              attrs["id"],
		Source:          attrs["source"],
		SpecVersion:     attrs["specversion"],
		Type:            attrs["type"],
		Subject:         attrs["subject"],
		DataContentType: attrs["datacontenttype"],
		DataSchema:      attrs["dataschema"],
	}
	if text := attrs["time"]; text != "" {
		t, err := time.Parse(time.RFC3339Nano, text)
		if err != nil {
			return nil, fail("the CloudEvent's time %q is not an RFC 3339 timestamp", text)
		}
		ev.Time = t
	}
	for name, value := range attrs {
		switch name {
		case "id", "source", "specversion", "type", "subject", "datacontenttype", "dataschema", "time":
		default:
			if ev.Extensions == nil {
				ev.Extensions = map[string]string{}
			}
			ev.Extensions[name] = value
		}
	}
	return ev, nil
}
