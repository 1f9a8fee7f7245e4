// The go-handoff dependency of a template's package.json. The Firebase
// template's functions/package.json runs `go-handoff package` in its build
// script, so the project must install go-handoff itself: `npm install && npm
// run build` then work in a new project, and `firebase deploy`'s predeploy
// builds with the go-handoff the project pins. In the repository the template
// lists go-handoff as a file: path to the repository, so that the example runs
// where it is; init writes the version of the go-handoff that writes the
// project, the way create-go-handoff writes its projects' devDependency. Pure.

/** The dependency on go-handoff a new project gets: this version, or a later compatible one. */
export function goHandoffSpec(version: string): string {
  return `^${version}`;
}

/**
 * The template's package.json with its go-handoff dependency (in
 * dependencies or devDependencies, wherever the template lists it) set to
 * `spec`; unchanged, byte for byte, when it lists none.
 */
export function withGoHandoffDependency(text: string, spec: string): string {
  const manifest = JSON.parse(text) as Record<string, unknown>;
  let listed = false;
  for (const section of ['dependencies', 'devDependencies']) {
    const dependencies = manifest[section] as Record<string, string> | undefined;
    if (dependencies && typeof dependencies === 'object' && 'go-handoff' in dependencies) {
      dependencies['go-handoff'] = spec;
      listed = true;
    }
  }
  return listed ? `${JSON.stringify(manifest, null, 2)}\n` : text;
}
