// What is measured: the trivial handler over a concurrency sweep, and the
// payload case, each with the function forms the variants run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { extractArchive } from '../src/package/extract-archive';
import type { BenchConfig } from './config';
import type { Probe } from './http-check';
import { benchPaths } from './paths';
import { isSummary, makeOrder } from './payload';
import type { FunctionForms } from './variants';

export interface Scenario {
  name: 'hello' | 'payload';
  title: string;
  forms: FunctionForms;
  /** The request that proves a variant serves this function correctly. */
  probe: Probe;
  load: { path: string; script?: string; env?: NodeJS.ProcessEnv };
  concurrencies: number[];
}

/** The archive unpacked into a new empty folder, as a host does before it starts. */
async function unpack(zip: string, scratch: string, name: string): Promise<{ unpacked: string; binary: string }> {
  const unpacked = path.join(scratch, name);
  await extractArchive(zip, unpacked);
  const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as { goHandoff: { binary: string } };
  return { unpacked, binary: path.join(unpacked, manifest.goHandoff.binary) };
}

export async function prepareScenarios(config: BenchConfig): Promise<{ scenarios: Scenario[]; scratch: string; notes: string[] }> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-bench-'));
  const notes: string[] = [];
  const scenarios: Scenario[] = [
    {
      name: 'hello',
      title: 'Trivial handler: GET /execute answers "ok"',
      forms: { ...(await unpack(benchPaths.helloZip, scratch, 'hello')), jsDir: benchPaths.helloJs, jsTarget: 'hello' },
      probe: { method: 'GET', path: '/execute', accepts: (a) => a.status === 200 && a.body === 'ok' },
      load: { path: '/execute' },
      concurrencies: config.concurrencies,
    },
  ];
  if (fs.existsSync(benchPaths.payloadZip)) {
    const order = makeOrder(config.payloadBytes);
    const bodyFile = path.join(scratch, 'order.json');
    fs.writeFileSync(bodyFile, order.json);
    scenarios.push({
      name: 'payload',
      title: `Payload: POST /execute with a ${Math.round(config.payloadBytes / 1024)} KiB JSON order, answered with a small JSON summary`,
      forms: { ...(await unpack(benchPaths.payloadZip, scratch, 'payload')), jsDir: benchPaths.payloadJs, jsTarget: 'summarize' },
      probe: { method: 'POST', path: '/execute', body: Buffer.from(order.json), accepts: (a) => a.status === 200 && isSummary(a.body, order.expected) },
      load: { path: '/execute', script: benchPaths.postJsonScript, env: { BENCH_BODY_FILE: bodyFile } },
      concurrencies: [config.payloadConcurrency],
    });
  } else {
    notes.push(`The payload case was skipped: ${benchPaths.payloadZip} was not built (it needs the typed-JSON contract in go/handoff).`);
  }
  return { scenarios, scratch, notes };
}
