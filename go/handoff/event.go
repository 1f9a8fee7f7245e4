package handoff

import "github.com/go-handoff/go-handoff/internal/api"

// Event is what an event function receives:
//
//	func(ctx context.Context, e handoff.Event) error
//
// It comes as a CloudEvent (binary or structured mode), as the legacy
// background-event envelope of Cloud Functions (context nested or flat), or
// as a Pub/Sub push request. Whichever it was, the fields are the
// CloudEvent's: a legacy event is converted as Cloud Functions converts it
// (google.pubsub.topic.publish becomes google.cloud.pubsub.topic.v1.messagePublished,
// its resource becomes the source and subject, a Pub/Sub message is wrapped
// as {"message": ...}), so code can match e.Type exactly.
//
// Its fields are the CloudEvent's attributes (ID, Type, Source, Subject,
// SpecVersion, DataSchema, Time, DataContentType, Extensions), its Data,
// and the legacy event's Resource. Its methods read it: Legacy gives the
// event as a background function sees it, DataAs decodes the data as JSON,
// PubSubMessage and StorageObject read the data of Pub/Sub and Cloud
// Storage events. [api.Event], of which this is an alias, documents each.
//
// An event function answers 200 when it returns nil; an error (or a panic)
// answers 500, which tells the sender to deliver the event again.
type Event = api.Event

// LegacyEvent is an event as Cloud Functions' legacy background functions
// get it: the context's eventId, timestamp, eventType and resource, and
// the data (Event.Legacy).
type LegacyEvent = api.LegacyEvent

// PubSubMessage is a Pub/Sub message, with Data decoded from base64
// (Event.PubSubMessage).
type PubSubMessage = api.PubSubMessage

// StorageObject is a Cloud Storage object, as storage events describe it
// (Event.StorageObject).
type StorageObject = api.StorageObject
