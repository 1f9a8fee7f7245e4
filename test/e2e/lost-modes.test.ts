// An archive that lost its modes: re-zipped by a tool that stores every
// entry as 0644. The loader makes the Go binary executable with chmod; where
// the folder is read-only (as /var/task on Lambda, or a folder another user
// owns), it runs a copy from the temporary folder; only when neither works
// does every request get a 500, naming both attempts. The read-only folder
// and a noexec temporary folder are made for the host alone, in a mount
// namespace of its own (test/helpers/private-mounts.ts).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { extractArchive } from '../../src/package/extract-archive';
import { functionsFrameworkFlags, functionsFrameworkMain } from '../../src/serve/functions-framework';
import { archivePath } from '../helpers/archives';
import { HostProcess, stopAllHosts, track } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { freePort } from '../helpers/ports';
import { inPrivateMounts, noexecTmpfs, privateMountsRefusal, readOnlyBind } from '../helpers/private-mounts';
import { executableOf } from '../helpers/proc';
import { rewriteArchive } from '../helpers/rewrite-archive';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'go-handoff-lost-modes-'));
const rezipped = path.join(scratch, 'every-entry-0644.zip');
let made = 0;

beforeAll(() => rewriteArchive(archivePath('probe'), rezipped, (files) => files.map((file) => ({ ...file, mode: 0o644 }))));
afterEach(stopAllHosts);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The re-zipped archive unpacked into an empty folder, as a host does; and a temporary folder of the test's own for the host. */
async function unpacked(): Promise<{ dir: string; tmp: string }> {
  const dir = path.join(scratch, `fn-${++made}`);
  await extractArchive(rezipped, dir);
  expect(fs.statSync(path.join(dir, 'handler')).mode & 0o777).toBe(0o644);
  const tmp = path.join(scratch, `tmp-${made}`);
  fs.mkdirSync(tmp);
  return { dir, tmp };
}

/** functions-framework on dir, started with node on its entry script inside private mounts. */
async function hostInPrivateMounts(dir: string, mounts: string[], env: NodeJS.ProcessEnv): Promise<HostProcess> {
  const port = await freePort();
  const { command, args } = inPrivateMounts(mounts, process.execPath, [functionsFrameworkMain().script, ...functionsFrameworkFlags({ source: dir, port, target: 'probeTarget' })]);
  const child = spawn(command, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const host = await track(new HostProcess(child, port)).ready();
  return host.handedOver();
}

describe('an archive re-zipped with every entry 0644', () => {
  it('is made executable with chmod, said once, and served by Go', async () => {
    const { dir, tmp } = await unpacked();
    const host = await startFunctionsFrameworkHost(dir, { env: { TMPDIR: tmp } });
    expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(fs.statSync(path.join(dir, 'handler')).mode & 0o777).toBe(0o755);
    expect(host.stderr.match(/go-handoff: the Go binary \S+ was not executable \(mode 0644\): made it executable \(chmod 0755\)\. Deploy the archive as/g)).toHaveLength(1);
    expect(fs.readdirSync(tmp)).toEqual([]); // no copy
  });

  it('runs a copy from the temporary folder when the folder is read-only, and uses it again on the next start', async (ctx) => {
    const refused = privateMountsRefusal();
    if (refused) ctx.skip(refused);
    const { dir, tmp } = await unpacked();
    const first = await hostInPrivateMounts(dir, [readOnlyBind(dir)], { TMPDIR: tmp });
    expect(await (await fetch(first.url('/pid'))).text()).toBe(String(first.pid));
    const copy = executableOf(first.pid);
    expect(copy).toMatch(new RegExp(`^${tmp}/go-handoff-exec-0/[0-9a-f]{32}/handler$`));
    expect(fs.readFileSync(copy).equals(fs.readFileSync(path.join(dir, 'handler')))).toBe(true);
    expect(fs.statSync(path.join(dir, 'handler')).mode & 0o777).toBe(0o644); // untouched
    expect(first.stderr).toContain(`go-handoff: the Go binary ${path.join(dir, 'handler')} was not executable (mode 0644), and chmod 0755 failed (EROFS: read-only file system, chmod '${path.join(dir, 'handler')}'): running a copy, ${copy}.`);
    expect(fs.statSync(path.dirname(path.dirname(copy))).mode & 0o777).toBe(0o700);
    await first.stop();

    // A process restarted in the same instance: the same copy, no other.
    const second = await hostInPrivateMounts(dir, [readOnlyBind(dir)], { TMPDIR: tmp });
    expect(executableOf(second.pid)).toBe(copy);
    expect(fs.readdirSync(path.dirname(copy))).toEqual(['handler']);
    expect(await (await fetch(second.url('/env?name=GO_HANDOFF_HOST'))).text()).toBe('functions-framework');
  });

  it('answers 500 naming both attempts when the folder is read-only and the temporary folder noexec', async (ctx) => {
    const refused = privateMountsRefusal();
    if (refused) ctx.skip(refused);
    const { dir, tmp } = await unpacked();
    const host = await hostInPrivateMounts(dir, [readOnlyBind(dir), noexecTmpfs(tmp)], { TMPDIR: tmp });
    for (const route of ['/pid', '/']) {
      const answer = await fetch(host.url(route));
      expect(answer.status).toBe(500);
      expect(answer.headers.get('x-go-handoff-error')).toBe('EACCES');
      const body = await answer.text();
      expect(body).toMatch(/The Go binary \S+handler was not executable \(mode 0644\), and go-handoff could not make it executable: chmod 0755 failed \(EROFS: read-only file system[^)]*\), and its copy \S+\/handler cannot be executed either \(\S+ must be mounted noexec\)\./);
      expect(body).toMatch(/set TMPDIR to a folder where files may be executed/);
    }
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    expect(executableOf(host.pid)).toBe(fs.realpathSync(process.execPath));
  });
});
