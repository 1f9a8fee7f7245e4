// The templates of `go-handoff init`: one per handler contract. Each is a
// folder of the SDK's own examples, so templates and examples cannot drift.
import * as path from 'node:path';

export const TEMPLATES = ['http'] as const;
export type Template = (typeof TEMPLATES)[number];

/** What each template's function takes, for --help and the messages. */
export const TEMPLATE_SUMMARIES: Record<Template, string> = {
  http: 'a net/http handler: func(http.ResponseWriter, *http.Request)',
};

export function isTemplate(name: string): name is Template {
  return (TEMPLATES as readonly string[]).includes(name);
}

/** The folder a template is copied from, inside the SDK's module folder (go/). */
export function templateFolder(template: Template, sdkDir: string): string {
  // Until the examples exist, the http template is the function `make` builds.
  return path.join(sdkDir, 'function');
}
