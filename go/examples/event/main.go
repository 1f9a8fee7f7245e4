// An event function: CloudEvents (binary or structured) and the legacy
// background events of Cloud Functions (Pub/Sub, Storage) arrive as one
// handoff.Event. Returning nil answers 200; an error answers 500, which
// tells the sender to deliver the event again.
package main

import (
	"context"
	"fmt"
	"log"
	"strings"

	"github.com/go-handoff/go-handoff/handoff"
)

func onEvent(ctx context.Context, e handoff.Event) error {
	switch {
	case strings.Contains(e.Type, "pubsub"):
		msg, err := e.PubSubMessage()
		if err != nil {
			return err
		}
		log.Printf("Pub/Sub message %s: %q %v", msg.MessageID, msg.Data, msg.Attributes)
	case strings.Contains(e.Type, "storage"):
		obj, err := e.StorageObject()
		if err != nil {
			return err
		}
		log.Printf("Storage object gs://%s/%s (%d bytes, %s)", obj.Bucket, obj.Name, obj.Size, obj.ContentType)
	default:
		return fmt.Errorf("no handler for events of type %q", e.Type)
	}
	return nil
}

func main() {
	handoff.Start(onEvent)
}
