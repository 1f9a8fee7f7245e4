// How much a failed hand-over's answer tells whoever sent the request. In
// development, all of it (the paths tried, the versions, the remedy): that
// is what makes a local mistake quick to fix. In production, a plain message
// and a stable code, as functions-framework answers "Internal Server Error"
// there: the details name paths, versions and settings, and are for the
// function's owner, who finds them in the log (failure.ts writes them there
// once, in either mode). Pure.
//
// Production is what the platforms say it is. Cloud Functions and Cloud Run
// functions (Firebase's deployed functions too) build a Node.js function
// with Google's buildpacks, which set NODE_ENV=production unless the
// function sets it (buildpacks' nodejs/npm, NodeEnv()). AWS Lambda sets no
// NODE_ENV at all; it always serves deployed functions (its emulators set
// AWS_LAMBDA_RUNTIME_API too, and take GO_HANDOFF_ERRORS=detailed), so a
// Lambda runtime counts as production. The Firebase emulator and
// functions-framework run by hand set neither: development.

export const ERRORS_SETTING = 'GO_HANDOFF_ERRORS';

export type ErrorDetail = 'plain' | 'detailed';

export function errorDetail(env: NodeJS.ProcessEnv): ErrorDetail {
  const setting = (env[ERRORS_SETTING] ?? '').trim().toLowerCase();
  if (setting === 'detailed') return 'detailed';
  // "plain", or a value this version does not know: the side that reveals nothing.
  if (setting !== '') return 'plain';
  if (env.NODE_ENV === 'production' || env.AWS_LAMBDA_RUNTIME_API) return 'plain';
  return 'detailed';
}
