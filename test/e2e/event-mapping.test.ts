// Cloud Functions' event mapping through the real functions-framework host:
// every case of go/internal/events/testdata/mapping (our own events, in the
// shapes of functions-framework-conformance's fixtures; together they use
// every row of the mapping table) is sent as a legacy event to a CloudEvent
// function and as a CloudEvent to a legacy function, and what each function
// got is checked. The functions are the conformance functions, written with
// go-handoff's API (handoff.Event, and its Legacy view) and with
// functions-framework-go's (functions.CloudEvent, and a background function
// reading metadata.FromContext): they write what they got to
// function_output.json, in the folder the host runs in, as the suite's
// client expects. This covers in CI what the conformance client measures
// (docs/conformance.md).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ArchiveName, repoRoot } from '../helpers/archives';
import type { HostProcess } from '../helpers/host-process';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { executableOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

type Json = Record<string, unknown>;
interface LegacyOutput {
  context: { eventId: string; timestamp: string; eventType: string; resource: unknown };
  data: unknown;
}
interface MappingCase {
  note: string;
  legacy: Json;
  legacyAsItCame: LegacyOutput;
  cloudEvent: Json;
  cloudEventInput: Json;
  legacyFromCloudEvent: LegacyOutput;
}

const casesDir = path.join(repoRoot, 'go', 'internal', 'events', 'testdata', 'mapping');
const cases: [string, MappingCase][] = fs
  .readdirSync(casesDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => [name.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(casesDir, name), 'utf8')) as MappingCase]);

/** The rows of the mapping table, read from the Go source that holds it. */
function mappingRows(): { legacy: string; cloudEvent: string }[] {
  const source = fs.readFileSync(path.join(repoRoot, 'go', 'internal', 'events', 'mapping.go'), 'utf8');
  const table = source.slice(source.indexOf('var eventTypes'), source.indexOf('\n}\n', source.indexOf('var eventTypes')));
  return [...table.matchAll(/\{"([^"]+)", "([^"]+)"\}/g)].map((m) => ({ legacy: m[1], cloudEvent: m[2] }));
}

function legacyTypeOf(event: Json): string {
  return ((event.context as Json | undefined)?.eventType ?? event.eventType) as string;
}

interface Served {
  host: HostProcess;
  dir: string;
}
/** A CloudEvent function and a legacy one, written with one API. */
interface FunctionPair {
  api: string;
  cloudEvent: Served;
  legacy: Served;
  /** Whether the legacy function takes a legacy event of a type the mapping does not know (a background function does). */
  takesUnmapped: boolean;
}
const pairs: FunctionPair[] = [];

async function serve(archive: ArchiveName, target: string, signatureType: string): Promise<Served> {
  const dir = await unpackArchive(archive);
  const host = await startFunctionsFrameworkHost(dir, { target, env: { FUNCTION_SIGNATURE_TYPE: signatureType } });
  return { host, dir };
}

beforeAll(async () => {
  pairs.push({
    api: "go-handoff's",
    cloudEvent: await serve('conformance-cloudevent', 'function', 'cloudevent'),
    legacy: await serve('conformance-legacyevent', 'function', 'event'),
    takesUnmapped: false,
  });
  pairs.push({
    api: "functions-framework-go's",
    cloudEvent: await serve('conformance-ffgo', 'declarativeCloudEvent', 'cloudevent'),
    legacy: await serve('conformance-ffgo', 'Event', 'event'),
    takesUnmapped: true,
  });
});

afterAll(async () => {
  await stopAllHosts();
  removeUnpacked();
});

/** Sends an event, expects 200, and returns what the function wrote. */
async function deliver(to: Served, body: unknown, headers: Record<string, string>): Promise<Json> {
  const output = path.join(to.dir, 'function_output.json');
  fs.rmSync(output, { force: true });
  const answer = await fetch(to.host.url('/'), { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  expect(answer.status, await answer.clone().text()).toBe(200);
  return JSON.parse(fs.readFileSync(output, 'utf8')) as Json;
}

const asJson = { 'Content-Type': 'application/json' };
const structured = { 'Content-Type': 'application/cloudevents+json' };

/** A structured CloudEvent in binary mode: ce-* headers, the data as the body. */
function binaryMode(event: Json): { headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event)) {
    if (name === 'data') continue;
    headers[name === 'datacontenttype' ? 'Content-Type' : `ce-${name}`] = String(value);
  }
  return { headers, body: JSON.stringify(event.data) };
}

function expectCloudEvent(got: Json, want: Json): void {
  for (const attribute of ['specversion', 'id', 'type', 'source', 'subject', 'datacontenttype']) {
    expect(got[attribute], attribute).toEqual(want[attribute]);
  }
  expect(Date.parse(got.time as string), 'time').toBe(Date.parse(want.time as string));
  expect(got.data, 'data').toEqual(want.data);
}

function expectLegacy(got: Json, want: LegacyOutput): void {
  const context = got.context as LegacyOutput['context'];
  expect(context.eventId, 'eventId').toBe(want.context.eventId);
  expect(context.eventType, 'eventType').toBe(want.context.eventType);
  expect(Date.parse(context.timestamp), 'timestamp').toBe(Date.parse(want.context.timestamp));
  expect(context.resource, 'resource').toEqual(want.context.resource);
  expect(got.data, 'data').toEqual(want.data);
}

describe('the mapping table', () => {
  it('has a case for every row, both ways', () => {
    const rows = mappingRows();
    expect(rows.length).toBeGreaterThanOrEqual(19);
    const legacyTypes = new Set(cases.map(([, c]) => legacyTypeOf(c.legacy)));
    const cloudEventTypes = new Set(cases.map(([, c]) => c.cloudEventInput.type));
    for (const row of rows) {
      expect(legacyTypes, `a legacy event of type ${row.legacy}`).toContain(row.legacy);
      expect(cloudEventTypes, `a CloudEvent of type ${row.cloudEvent}`).toContain(row.cloudEvent);
    }
  });
});

describe.each(["go-handoff's", "functions-framework-go's"])('the event mapping under functions-framework, functions written with %s API', (api) => {
  const pair = () => pairs.find((p) => p.api === api)!;

  it('serves both functions from Go, in the processes the host started', () => {
    for (const { host, dir } of [pair().cloudEvent, pair().legacy]) {
      expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    }
  });

  describe.each(cases)('%s', (_name, c) => {
    it('legacy event → CloudEvent function: converted by the mapping', async () => {
      expectCloudEvent(await deliver(pair().cloudEvent, c.legacy, asJson), c.cloudEvent);
    });

    it('CloudEvent (binary and structured) → legacy function: converted back', async () => {
      const binary = binaryMode(c.cloudEventInput);
      expectLegacy(await deliver(pair().legacy, binary.body, binary.headers), c.legacyFromCloudEvent);
      expectLegacy(await deliver(pair().legacy, c.cloudEventInput, structured), c.legacyFromCloudEvent);
    });

    it('each function given an event in its own form gets that event', async () => {
      expectLegacy(await deliver(pair().legacy, c.legacy, asJson), c.legacyAsItCame);
      const binary = binaryMode(c.cloudEventInput);
      expectCloudEvent(await deliver(pair().cloudEvent, binary.body, binary.headers), c.cloudEventInput);
    });
  });

  describe('events the mapping cannot convert', () => {
    const unmapped = { eventId: 'unmapped-1', timestamp: '2024-03-04T05:06:07Z', eventType: 'com.example.thing.happened', resource: 'things/1', data: { n: 1 } };
    const refusesUnmapped = /the legacy event's type "com.example.thing.happened" has no CloudEvent type/;

    it('a legacy event of an unknown type: 400 naming it for a CloudEvent function, as functions-framework-go answers', async () => {
      const answer = await fetch(pair().cloudEvent.host.url('/'), { method: 'POST', headers: asJson, body: JSON.stringify(unmapped) });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toMatch(refusesUnmapped);
    });

    it('a legacy event of an unknown type: a background function gets it as it came; handoff.Event, a CloudEvent, refuses it', async () => {
      if (pair().takesUnmapped) {
        expectLegacy(await deliver(pair().legacy, unmapped, asJson), {
          context: { eventId: 'unmapped-1', timestamp: '2024-03-04T05:06:07Z', eventType: 'com.example.thing.happened', resource: 'things/1' },
          data: { n: 1 },
        });
      } else {
        const answer = await fetch(pair().legacy.host.url('/'), { method: 'POST', headers: asJson, body: JSON.stringify(unmapped) });
        expect(answer.status).toBe(400);
        expect(await answer.text()).toMatch(refusesUnmapped);
      }
    });

    it('a Realtime Database event without its domain: 400 saying so', async () => {
      const [, db] = cases.find(([name]) => name.startsWith('firebase-db-'))!;
      const { domain: _domain, ...withoutDomain } = db.legacy;
      const answer = await fetch(pair().cloudEvent.host.url('/'), { method: 'POST', headers: asJson, body: JSON.stringify(withoutDomain) });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toMatch(/Realtime Database event has no domain/);
    });

    it('a CloudEvent missing a required attribute: 400 naming it, to either function', async () => {
      for (const { host } of [pair().cloudEvent, pair().legacy]) {
        const answer = await fetch(host.url('/'), { method: 'POST', headers: { 'ce-id': '1', 'ce-specversion': '1.0', 'ce-source': '//s/x', 'Content-Type': 'application/json' }, body: '{}' });
        expect(answer.status).toBe(400);
        expect(await answer.text()).toMatch(/the CloudEvent has no header ce-type/);
      }
    });
  });
});
