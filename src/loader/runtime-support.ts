// Whether this Node.js and platform can run the loader at all. Checked before
// the loader reads the binary or loads the addon, because past that point the
// failures stop being clear:
//  - not Linux: the Go binary is a Linux program, and the hand-over relies on
//    Linux's execve(2) and /proc; the addon is not even built for it.
//  - Node.js older than 10.16: the loader's code uses what Node.js 10 brought
//    (BigInt reads of the ELF header), and the addon is built for Node-API 4
//    (binding.gyp's NAPI_VERSION), which 10.16 is the first Node.js 10 to have.
//    An addon built for a newer Node-API than the runtime's still loads, since
//    its symbols bind lazily, and then ends the process at the first function
//    the runtime lacks: no 500, no message.
// Pure: takes what process.platform and process.versions say.
import type { HandoffFailure } from './failure';

export const SUPPORTED_PLATFORM = 'linux';
export const MIN_NODE_API = 4;
/** The first Node.js with Node-API 4 on the release line the loader's code needs. */
export const MIN_NODE = { major: 10, minor: 16 };
/** The archive's package.json `engines.node`: no upper bound, since Node-API is stable and a host's next Node.js runs it. */
export const LOADER_NODE_RANGE = `>=${MIN_NODE.major}.${MIN_NODE.minor}`;

export interface RuntimeFacts {
  /** process.platform */
  platform: string;
  /** process.versions.node, without the "v" */
  node: string;
  /** process.versions.napi: absent before Node.js 8 */
  napi?: string;
}

const SUPPORTED = `Linux with Node.js ${MIN_NODE.major}.${MIN_NODE.minor} or later (Node-API ${MIN_NODE_API} or later)`;
const CURRENT_RUNTIMES = 'Cloud Functions and Cloud Run: nodejs22 or nodejs24; AWS Lambda: nodejs22.x or nodejs24.x';

export function unsupportedRuntime(facts: RuntimeFacts): HandoffFailure | undefined {
  const found = `Node.js v${facts.node} (Node-API ${facts.napi ?? 'none'}) on ${facts.platform}`;
  if (facts.platform !== SUPPORTED_PLATFORM) {
    return {
      code: 'ERR_GO_HANDOFF_PLATFORM',
      message:
        `This is ${found}; go-handoff's loader runs on ${SUPPORTED}: the Go binary is a Linux program, and the hand-over uses Linux's execve(2).` +
        ' Deploy function.zip to a Linux host (Cloud Functions, Cloud Run, Firebase and AWS Lambda all are), or run the Go function on this machine without Node.js:' +
        ' `make godev`, or `go-handoff build --native` and run the binary it writes.',
    };
  }
  if (!nodeIsRecentEnough(facts.node) || napiVersion(facts.napi) < MIN_NODE_API) {
    return {
      code: 'ERR_GO_HANDOFF_NODE_VERSION',
      message: `This is ${found}; go-handoff's loader runs on ${SUPPORTED}. Choose a newer Node.js runtime for the function (${CURRENT_RUNTIMES}).`,
    };
  }
  return undefined;
}

function nodeIsRecentEnough(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version);
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > MIN_NODE.major || (major === MIN_NODE.major && minor >= MIN_NODE.minor);
}

function napiVersion(napi: string | undefined): number {
  const version = Number.parseInt(napi ?? '', 10);
  return Number.isNaN(version) ? 0 : version;
}
