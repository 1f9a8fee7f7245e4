// The templates of `go-handoff init`: one per handler contract. Each is a
// folder of the SDK's own examples (go/examples/<template>), so templates and
// examples cannot drift.
import * as path from 'node:path';

export const TEMPLATES = ['http', 'json', 'bytes', 'event'] as const;
export type Template = (typeof TEMPLATES)[number];

/** What each template's function is, for --help. */
export const TEMPLATE_SUMMARIES: Record<Template, string> = {
  http: 'an http.Handler or func(http.ResponseWriter, *http.Request)',
  json: 'func(ctx context.Context, in T) (R, error): JSON in, JSON out',
  bytes: 'func(payload []byte, ctx *handoff.Context) ([]byte, error)',
  event: 'func(ctx context.Context, e handoff.Event) error: CloudEvents, Pub/Sub, Storage',
};

export function isTemplate(name: string): name is Template {
  return (TEMPLATES as readonly string[]).includes(name);
}

/** The folder a template is copied from, inside the SDK's module folder (go/). */
export function templateFolder(template: Template, sdkDir: string): string {
  return path.join(sdkDir, 'examples', template);
}
