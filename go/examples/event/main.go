// An event function: CloudEvents (binary or structured) and the legacy
// background events of Cloud Functions arrive as one handoff.Event, with
// the CloudEvent's type, source and subject however they came (a legacy
// google.storage.object.finalize is google.cloud.storage.object.v1.finalized
// here, as Cloud Functions converts it). Returning nil answers 200; an
// error answers 500, which tells the sender to deliver the event again.
package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/go-handoff/go-handoff/handoff"
)

func onEvent(ctx context.Context, e handoff.Event) error {
	switch e.Type {
	case "google.cloud.pubsub.topic.v1.messagePublished":
		msg, err := e.PubSubMessage()
		if err != nil {
			return err
		}
		// Logged with the invocation's context, the line carries its id.
		slog.InfoContext(ctx, fmt.Sprintf("Pub/Sub message %s: %q %v (%s)", msg.MessageID, msg.Data, msg.Attributes, e.Source))
	case "google.cloud.storage.object.v1.finalized", "google.cloud.storage.object.v1.deleted",
		"google.cloud.storage.object.v1.archived", "google.cloud.storage.object.v1.metadataUpdated":
		obj, err := e.StorageObject()
		if err != nil {
			return err
		}
		slog.InfoContext(ctx, fmt.Sprintf("Storage object gs://%s/%s (%d bytes, %s): %s %s", obj.Bucket, obj.Name, obj.Size, obj.ContentType, e.Type, e.Subject))
	default:
		return fmt.Errorf("no handler for events of type %q", e.Type)
	}
	return nil
}

func main() {
	handoff.Start(onEvent)
}
