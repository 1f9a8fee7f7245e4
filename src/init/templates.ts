// The templates of `go-handoff init`: one per handler contract, and a
// Firebase project. Each is a folder of the SDK's own examples
// (go/examples/<template>), so templates and examples cannot drift.
import * as path from 'node:path';

export const TEMPLATES = ['http', 'json', 'bytes', 'event', 'firebase'] as const;
export type Template = (typeof TEMPLATES)[number];

/** What each template's function is, for --help. */
export const TEMPLATE_SUMMARIES: Record<Template, string> = {
  http: 'an http.Handler or func(http.ResponseWriter, *http.Request)',
  json: 'func(ctx context.Context, in T) (R, error): JSON in, JSON out',
  bytes: 'func(payload []byte, ctx *handoff.Context) ([]byte, error)',
  event: 'func(ctx context.Context, e handoff.Event) error: CloudEvents, Pub/Sub, Storage',
  firebase: 'a Cloud Functions for Firebase project: firebase.json, functions/, and its Go functions in go/',
};

/** What to do after init, for its last lines. */
export function nextSteps(template: Template, cd: string): string {
  if (template === 'firebase') {
    return `${cd}  (cd functions && npm install && npm run build)   # the Go binary, loader and addon in functions/go-handoff
  firebase emulators:start --only functions --project demo-test
  firebase deploy --only functions                  # runs the build first (firebase.json's predeploy)`;
  }
  return `${cd}  go-handoff serve --watch    # serve it on http://localhost:8080/execute, rebuilt on every change
  go-handoff package          # function.zip, to deploy as a Node.js HTTP function`;
}

export function isTemplate(name: string): name is Template {
  return (TEMPLATES as readonly string[]).includes(name);
}

/** The folder a template is copied from, inside the SDK's module folder (go/). */
export function templateFolder(template: Template, sdkDir: string): string {
  return path.join(sdkDir, 'examples', template);
}
