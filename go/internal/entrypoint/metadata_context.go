package entrypoint

import (
	"context"
	"encoding/json"
)

// cloud.google.com/go/functions/metadata.FromContext reads the event's
// metadata from the context under a key of its own unexported type, whose
// GCFContextKey method names it ("metadata"), as the JSON text of a
// Metadata. The key type has that method so that the runtime can answer for
// it without importing the package (Cloud Functions' own Go worker did the
// same): a context that answers Value for that key makes FromContext work
// with the real package, and the SDK needs no dependency on it.
const metadataKeyName = "metadata"

type gcfKey interface{ GCFContextKey() string }

// metadataContext answers metadata.FromContext's key with the event's
// metadata, and every other key as its parent does.
type metadataContext struct {
	context.Context
	metadata json.RawMessage
}

func (c *metadataContext) Value(key any) any {
	if k, ok := key.(gcfKey); ok && k.GCFContextKey() == metadataKeyName {
		return c.metadata
	}
	return c.Context.Value(key)
}

// WithMetadata returns ctx carrying a legacy event's metadata, as Cloud
// Functions gives it to background functions: metadata.FromContext(ctx)
// then gives its event id, timestamp, type and resource.
func WithMetadata(ctx context.Context, eventID, timestamp, eventType string, resource json.RawMessage) context.Context {
	fields := map[string]any{"eventId": eventID, "eventType": eventType}
	if timestamp != "" {
		fields["timestamp"] = timestamp // metadata.Metadata's time.Time: "" would not decode
	}
	if len(resource) > 0 && string(resource) != "null" {
		fields["resource"] = resource
	}
	b, err := json.Marshal(fields)
	if err != nil {
		return ctx // a resource that is not JSON: the event decoder never gives one
	}
	return &metadataContext{Context: ctx, metadata: b}
}
