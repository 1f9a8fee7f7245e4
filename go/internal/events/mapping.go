package events

import "strings"

// Cloud Functions' mapping between legacy event types and CloudEvent types,
// as published in functions-framework-conformance's docs/mapping.md and
// implemented by functions-framework-go (funcframework/events.go).
//
// Converting back, a CloudEvent type takes the first row that names it: the
// current legacy name (google.pubsub.topic.publish) comes before the older
// one (providers/cloud.pubsub/eventTypes/topic.publish), as in
// functions-framework-go.
var eventTypes = []struct{ legacy, cloudEvent string }{
	{"google.pubsub.topic.publish", "google.cloud.pubsub.topic.v1.messagePublished"},
	{"providers/cloud.pubsub/eventTypes/topic.publish", "google.cloud.pubsub.topic.v1.messagePublished"},
	{"google.storage.object.finalize", "google.cloud.storage.object.v1.finalized"},
	{"google.storage.object.delete", "google.cloud.storage.object.v1.deleted"},
	{"google.storage.object.archive", "google.cloud.storage.object.v1.archived"},
	{"google.storage.object.metadataUpdate", "google.cloud.storage.object.v1.metadataUpdated"},
	// The first-generation storage trigger: functions-framework-go maps it
	// (docs/mapping.md does not list it).
	{"providers/cloud.storage/eventTypes/object.change", "google.cloud.storage.object.v1.finalized"},
	{"providers/cloud.firestore/eventTypes/document.write", "google.cloud.firestore.document.v1.written"},
	{"providers/cloud.firestore/eventTypes/document.create", "google.cloud.firestore.document.v1.created"},
	{"providers/cloud.firestore/eventTypes/document.update", "google.cloud.firestore.document.v1.updated"},
	{"providers/cloud.firestore/eventTypes/document.delete", "google.cloud.firestore.document.v1.deleted"},
	{"providers/firebase.auth/eventTypes/user.create", "google.firebase.auth.user.v1.created"},
	{"providers/firebase.auth/eventTypes/user.delete", "google.firebase.auth.user.v1.deleted"},
	// docs/mapping.md lists Remote Config; functions-framework-go does not.
	{"providers/firebase.remoteConfig/remoteconfig.update", "google.firebase.remoteconfig.remoteConfig.v1.updated"},
	{"providers/google.firebase.analytics/eventTypes/event.log", "google.firebase.analytics.log.v1.written"},
	{"providers/google.firebase.database/eventTypes/ref.create", "google.firebase.database.ref.v1.created"},
	{"providers/google.firebase.database/eventTypes/ref.write", "google.firebase.database.ref.v1.written"},
	{"providers/google.firebase.database/eventTypes/ref.update", "google.firebase.database.ref.v1.updated"},
	{"providers/google.firebase.database/eventTypes/ref.delete", "google.firebase.database.ref.v1.deleted"},
}

// The services whose events need more than the general conversion.
const (
	pubSubService       = "pubsub.googleapis.com"
	storageService      = "storage.googleapis.com"
	firestoreService    = "firestore.googleapis.com"
	firebaseAuthService = "firebaseauth.googleapis.com"
	firebaseDBService   = "firebasedatabase.googleapis.com"
	analyticsService    = "firebaseanalytics.googleapis.com"
	remoteConfigService = "firebaseremoteconfig.googleapis.com"

	pubSubMessageType = "type.googleapis.com/google.pubsub.v1.PubsubMessage"
)

// servicesByTypePrefix names the service of a legacy event whose resource
// does not say (docs/mapping.md's table, plus functions-framework-go's
// google.pubsub and google.storage prefixes, and Remote Config's service).
var servicesByTypePrefix = []struct{ prefix, service string }{
	{"providers/cloud.firestore/", firestoreService},
	{"providers/google.firebase.analytics/", analyticsService},
	{"providers/firebase.auth/", firebaseAuthService},
	{"providers/google.firebase.database/", firebaseDBService},
	{"providers/cloud.pubsub/", pubSubService},
	{"providers/cloud.storage/", storageService},
	{"providers/firebase.remoteConfig/", remoteConfigService},
	{"google.pubsub.", pubSubService},
	{"google.storage.", storageService},
}

// cloudEventType is the CloudEvent type of a legacy event type.
func cloudEventType(legacyType string) (string, bool) {
	for _, row := range eventTypes {
		if row.legacy == legacyType {
			return row.cloudEvent, true
		}
	}
	return "", false
}

// legacyEventType is the legacy event type of a CloudEvent type.
func legacyEventType(cloudEventType string) (string, bool) {
	for _, row := range eventTypes {
		if row.cloudEvent == cloudEventType {
			return row.legacy, true
		}
	}
	return "", false
}

// serviceOfType is the service a legacy event type belongs to.
func serviceOfType(legacyType string) (string, bool) {
	for _, row := range servicesByTypePrefix {
		if strings.HasPrefix(legacyType, row.prefix) {
			return row.service, true
		}
	}
	return "", false
}
