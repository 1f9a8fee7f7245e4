// The bundle's entry (dist/index.js, written by scripts/build-create.mjs),
// which puts go-handoff's templates and version in as data.
import { type Bundled, main } from './main';

declare const GO_HANDOFF_TEMPLATES: Bundled['templates'];
declare const GO_HANDOFF_VERSION: string;

try {
  process.exitCode = main(process.argv.slice(2), { templates: GO_HANDOFF_TEMPLATES, version: GO_HANDOFF_VERSION });
} catch (error) {
  console.error(`create-go-handoff: ${(error as Error).message}`);
  process.exitCode = 1;
}
