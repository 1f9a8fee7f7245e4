package events

import (
	"encoding/json"
	"strings"
	"time"
)

// toCloudEvent converts a legacy event to the CloudEvent Cloud Functions
// delivers for it.
func toCloudEvent(env *legacyEnvelope) (*Event, error) {
	l := &env.Legacy
	ceType, ok := cloudEventType(l.EventType)
	if !ok {
		return nil, fail("the legacy event's type %q has no CloudEvent type in Cloud Functions' mapping, so a CloudEvent function cannot be given it (functions-framework-go refuses it too); a background function takes it as it is", l.EventType)
	}
	resource := parseResource(l.Resource)
	service := resource.Service
	if service == "" {
		if service, ok = serviceOfType(l.EventType); !ok {
			return nil, fail("the legacy event of type %q names no service in its resource, and none is known for its type", l.EventType)
		}
	}
	ev := &Event{
		ID:              l.EventID,
		SpecVersion:     "1.0",
		Type:            ceType,
		Source:          "//" + service + "/" + resource.Name,
		DataContentType: "application/json",
		Data:            l.Data,
		Form:            env.form,
		arrived:         l,
	}
	if l.Timestamp != "" {
		ev.Time, _ = time.Parse(time.RFC3339Nano, l.Timestamp) // parseLegacy checked it
	}
	var err error
	switch service {
	case storageService:
		err = splitResource(ev, service, resource.Name, "objects", "projects/_/buckets/BUCKET/objects/OBJECT", "projects", "_", "buckets", "*")
		ev.Subject = withoutGeneration(ev.Subject)
	case firestoreService:
		err = splitResource(ev, service, resource.Name, "documents", "projects/PROJECT/databases/DATABASE/documents/PATH", "projects", "*", "databases", "*")
	case firebaseDBService:
		err = databaseSource(ev, resource.Name, env.domain)
	case analyticsService:
		err = analyticsSource(ev, resource.Name)
	case firebaseAuthService:
		ev.Data, err = authToCloudEvent(ev, l.Data)
	case pubSubService:
		ev.Data, err = pubSubToCloudEvent(l)
	}
	if err != nil {
		return nil, err
	}
	return ev, nil
}

// splitResource makes source and subject from a resource name: the head
// segments, then kind/... (see splitResourceName).
func splitResource(ev *Event, service, name, kind, shape string, head ...string) error {
	first, rest, ok := splitResourceName(name, kind, head...)
	if !ok {
		return fail("the %s event's resource %q is not of the form %s, which its CloudEvent source and subject are made from", service, name, shape)
	}
	ev.Source, ev.Subject = "//"+service+"/"+first, rest
	return nil
}

// databaseSource: a Realtime Database event's source names its location,
// which the legacy event's top-level domain says.
func databaseSource(ev *Event, name string, domain *string) error {
	instance, ref, ok := splitResourceName(name, "refs", "projects", "_", "instances", "*")
	if !ok {
		return fail("the Realtime Database event's resource %q is not of the form projects/_/instances/INSTANCE/refs/PATH", name)
	}
	instance = strings.TrimPrefix(instance, "projects/_/")
	if domain == nil {
		return fail("the Realtime Database event has no domain (a string at the top level, such as firebaseio.com), which its CloudEvent source needs for the location")
	}
	location := "us-central1"
	if *domain != "firebaseio.com" {
		prefix, _, found := strings.Cut(*domain, ".")
		if !found || prefix == "" {
			return fail("the Realtime Database event's domain %q is not firebaseio.com nor LOCATION.firebasedatabase.app", *domain)
		}
		location = prefix
	}
	ev.Source = "//" + firebaseDBService + "/projects/_/locations/" + location + "/" + instance
	ev.Subject = ref
	return nil
}

// analyticsSource: a Firebase Analytics event's source names the app, from
// the data's userDim.appInfo.appId.
func analyticsSource(ev *Event, name string) error {
	project, event, ok := splitResourceName(name, "events", "projects", "*")
	if !ok || strings.Count(event, "/") != 1 {
		return fail("the Firebase Analytics event's resource %q is not of the form projects/PROJECT/events/EVENT", name)
	}
	var data struct {
		UserDim struct {
			AppInfo struct {
				AppID string `json:"appId"`
			} `json:"appInfo"`
		} `json:"userDim"`
	}
	if json.Unmarshal(ev.Data, &data) != nil || data.UserDim.AppInfo.AppID == "" {
		return fail("the Firebase Analytics event's data has no userDim.appInfo.appId, which its CloudEvent source needs")
	}
	ev.Source = "//" + analyticsService + "/" + project + "/apps/" + data.UserDim.AppInfo.AppID
	ev.Subject = event
	return nil
}

// Firebase Auth's metadata timestamps have other names in CloudEvents.
var authMetadataNames = []struct{ legacy, cloudEvent string }{
	{"createdAt", "createTime"},
	{"lastSignedInAt", "lastSignInTime"},
}

// authToCloudEvent: the subject is users/UID, and the metadata's timestamps
// take their CloudEvent names.
func authToCloudEvent(ev *Event, data json.RawMessage) (json.RawMessage, error) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) != nil || fields == nil {
		return data, nil // nothing to rename; functions-framework-go passes it on too
	}
	var uid string
	if json.Unmarshal(fields["uid"], &uid) == nil && uid != "" {
		ev.Subject = "users/" + uid
	}
	renamed, changed := renameKeys(fields["metadata"], func(name string) string {
		for _, n := range authMetadataNames {
			if n.legacy == name {
				return n.cloudEvent
			}
		}
		return name
	})
	if !changed {
		return data, nil
	}
	fields["metadata"] = renamed
	return json.Marshal(fields)
}

// pubSubToCloudEvent wraps the message as {"message": ...}, with the event's
// id and time as the message's messageId and publishTime.
func pubSubToCloudEvent(l *Legacy) (json.RawMessage, error) {
	var message map[string]json.RawMessage
	if err := json.Unmarshal(l.Data, &message); err != nil || message == nil {
		return nil, fail("the Pub/Sub event's data is not an object (a Pub/Sub message): %s", l.Data)
	}
	message["messageId"], _ = json.Marshal(l.EventID)
	if l.Timestamp != "" {
		message["publishTime"], _ = json.Marshal(l.Timestamp)
	}
	return json.Marshal(map[string]any{"message": message})
}

// renameKeys renames the keys of a JSON object; changed says whether any
// key was renamed (raw is returned unchanged when not).
func renameKeys(raw json.RawMessage, rename func(string) string) (json.RawMessage, bool) {
	var object map[string]json.RawMessage
	if json.Unmarshal(raw, &object) != nil || object == nil {
		return raw, false
	}
	out := make(map[string]json.RawMessage, len(object))
	changed := false
	for name, value := range object {
		newName := rename(name)
		changed = changed || newName != name
		out[newName] = value
	}
	if !changed {
		return raw, false
	}
	encoded, _ := json.Marshal(out)
	return encoded, true
}
