// Finds functions that other functions hold only in their closures. A
// wrapper such as firebase-functions' onRequest keeps the handler it wraps in
// a closure and nowhere else (no property, unlike its event triggers' .run),
// and JavaScript has no way to read a closure. Node's inspector has: it shows
// a function's scopes as a debugger does (the [[Scopes]] of a function in
// DevTools). An in-process inspector.Session answers synchronously, opens no
// port, and is closed again before this returns.
//
// The search looks inside only the functions `mayLookInside` allows (a
// library's wrappers, never the codebase's own code, whose module scope every
// function of the module shares), and in each only its innermost scopes, up
// to the first function scope: the function that made it. It takes function
// values only, and no Global, Script or Module scope.
type InspectorSession = import('node:inspector').Session;

/** Where a function's code starts in its script, 0-based: at the text toString() gives, or for `function f(`, at its parameters. */
export interface FunctionLocation {
  lineNumber: number;
  columnNumber: number;
}

export interface ClosureSearch {
  /** Whether to look inside a function's closure, from its source text and where that is. */
  mayLookInside(source: string, location: FunctionLocation): boolean;
  /** The name of a function the search looks for; undefined for any other value. */
  nameOf(value: unknown): string | undefined;
}

/** Enough for any chain of wrappers; a search that would need more finds nothing. */
const MAX_FUNCTIONS = 64;
const PROBE = 'go-handoff.closure-probe';
const GROUP = 'go-handoff';

interface RemoteObject {
  type: string;
  subtype?: string;
  description?: string;
  objectId?: string;
}
interface PropertyDescriptor {
  name: string;
  value?: RemoteObject;
}
interface Properties {
  result: PropertyDescriptor[];
  internalProperties?: PropertyDescriptor[];
}

/**
 * The names (nameOf) of the functions found from `starts`: the starts
 * themselves, their `.run`, and the functions held in the closures of
 * functions mayLookInside allows, recursively. Throws when the inspector
 * cannot be used here (a Node.js built without it, a policy that forbids it).
 */
export function namesInClosures(starts: readonly Function[], search: ClosureSearch): string[] {
  const found = new Set<string>();
  const pending: { fn: Function; source: string }[] = [];
  for (const fn of starts) {
    const name = search.nameOf(fn);
    if (name !== undefined) found.add(name);
    else pending.push({ fn, source: Function.prototype.toString.call(fn) });
  }
  if (pending.length === 0) return [...found];

  const inspector = require('node:inspector') as typeof import('node:inspector');
  const session = new inspector.Session();
  session.connect();
  const probe = globalThis as unknown as Record<symbol, unknown>;
  probe[Symbol.for(PROBE)] = { starts: pending.map(({ fn }) => fn), nameOf: search.nameOf };
  try {
    const post = synchronousPost(session);
    const root = post<{ result: RemoteObject }>('Runtime.evaluate', { expression: `globalThis[Symbol.for(${JSON.stringify(PROBE)})]`, objectGroup: GROUP }).result;
    const rootProperties = ownProperties(post, root);
    const nameOfId = rootProperties.find((p) => p.name === 'nameOf')?.value?.objectId;
    const startsId = rootProperties.find((p) => p.name === 'starts')?.value?.objectId;
    if (!nameOfId || !startsId) throw new Error('the inspector did not show the probe');
    const queue: { id: string; source: string }[] = [];
    for (const entry of ownProperties(post, { type: 'object', objectId: startsId })) {
      const index = Number(entry.name);
      if (Number.isInteger(index) && entry.value?.objectId) queue.push({ id: entry.value.objectId, source: pending[index].source });
    }
    let visited = 0;
    while (queue.length > 0 && visited < MAX_FUNCTIONS) {
      const { id, source } = queue.shift()!;
      visited++;
      const name = post<{ result: { value?: unknown } }>('Runtime.callFunctionOn', {
        objectId: id,
        functionDeclaration: 'function (nameOf) { return nameOf(this); }',
        arguments: [{ objectId: nameOfId }],
        returnByValue: true,
      }).result.value;
      if (typeof name === 'string') {
        found.add(name);
        continue;
      }
      for (const held of heldFunctions(post, id, source, search)) queue.push(held);
    }
  } finally {
    delete probe[Symbol.for(PROBE)];
    try {
      session.post('Runtime.releaseObjectGroup', { objectGroup: GROUP });
    } finally {
      session.disconnect();
    }
  }
  return [...found];
}

type Post = <T>(method: string, params: object) => T;

/** session.post, which an in-process session answers before it returns. */
function synchronousPost(session: InspectorSession): Post {
  return <T>(method: string, params: object): T => {
    let answered = false;
    let failure: Error | null = null;
    let answer: unknown;
    session.post(method, params, (error: Error | null, result?: unknown) => {
      answered = true;
      failure = error;
      answer = result;
    });
    if (!answered) throw new Error(`the inspector did not answer ${method} at once`);
    if (failure) throw failure;
    return answer as T;
  };
}

function ownProperties(post: Post, object: RemoteObject): PropertyDescriptor[] {
  if (!object.objectId) return [];
  return post<Properties>('Runtime.getProperties', { objectId: object.objectId, ownProperties: true }).result;
}

/**
 * The functions a function holds, when the search may look inside it: its
 * own .run, and the function values in its closure scopes, innermost first,
 * up to and including the scope of the function that created it.
 */
function heldFunctions(post: Post, functionId: string, source: string, search: ClosureSearch): { id: string; source: string }[] {
  const properties = post<Properties>('Runtime.getProperties', { objectId: functionId, ownProperties: true });
  const location = properties.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value as { value?: FunctionLocation } | undefined;
  if (!location?.value || !search.mayLookInside(source, location.value)) return [];
  const held: { id: string; source: string }[] = [];
  const take = (value: RemoteObject | undefined) => {
    // A proxy shows as an object: the loader's own functions are proxies.
    if ((value?.type === 'function' || value?.subtype === 'proxy') && value.objectId) held.push({ id: value.objectId, source: value.description ?? '' });
  };
  take(properties.result.find((p) => p.name === 'run')?.value);
  const scopes = properties.internalProperties?.find((p) => p.name === '[[Scopes]]')?.value;
  // An array-like list: "0" is the innermost scope.
  const list = scopes ? ownProperties(post, scopes).filter((entry) => /^\d+$/.test(entry.name)) : [];
  list.sort((a, b) => Number(a.name) - Number(b.name));
  for (const scope of list) {
    const kind = (scope.value?.description ?? '').split(' ')[0];
    // Global, Script and Module scopes are everyone's: nothing there is this function's own.
    if (!scope.value || !['Local', 'Block', 'Catch', 'With', 'Closure'].includes(kind)) break;
    for (const variable of ownProperties(post, scope.value)) take(variable.value);
    if (kind === 'Closure') break;
  }
  return held;
}
