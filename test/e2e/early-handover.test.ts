// The early hand-over: the real @google-cloud/functions-framework started in
// the unpacked archive with NODE_OPTIONS="--require ./index.js", as Cloud Run
// functions does with that runtime variable set. The loader, preloaded before
// any of the host's code, execs Go at once and Go listens on the host's port
// itself. Every other node process that inherits NODE_OPTIONS (npm, a test
// runner and its workers) must be left alone.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { extractArchive } from '../../src/package/extract-archive';
import { archivePath, repoRoot } from '../helpers/archives';
import { stopAllHosts } from '../helpers/host-process';
import { startFunctionsFrameworkHost } from '../helpers/hosts';
import { executableOf, listeningSocketsOf } from '../helpers/proc';
import { removeUnpacked, unpackArchive } from '../helpers/unpacked';

const EARLY = { NODE_OPTIONS: '--require ./index.js' };

const madeHere: string[] = [];
afterEach(async () => {
  await stopAllHosts();
  removeUnpacked();
  for (const dir of madeHere.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('NODE_OPTIONS="--require ./index.js" under functions-framework', () => {
  it("execs Go before the host's code runs: the host's pid serves, its exe is the Go binary, with one listening socket", async () => {
    const dir = await unpackArchive('probe');
    const host = await startFunctionsFrameworkHost(dir, { target: 'probeTarget', env: { ...EARLY, FUNCTION_SIGNATURE_TYPE: 'http' } });
    expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));
    expect(executableOf(host.pid)).toBe(fs.realpathSync(path.join(dir, 'handler')));
    expect(listeningSocketsOf(host.pid)).toEqual([{ fd: expect.any(Number), port: host.port }]);
    // functions-framework's flags still reach Go, as in the usual hand-over.
    expect(await (await fetch(host.url('/env?name=GO_HANDOFF_TARGET'))).text()).toBe('probeTarget');
    expect(await (await fetch(host.url('/env?name=GO_HANDOFF_HOST'))).text()).toBe('early');
    expect(host.stdout).toContain(`go-handoff: pid ${host.pid} becomes ${path.join(dir, 'handler')} (early, no sockets)`);
    expect(host.stderr).toContain('(opened on $PORT');
    // None of the host's own code ran: it would have said where it serves.
    expect(host.stdout).not.toMatch(/Serving function|URL: http/);

    expect(await host.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it("takes functions-framework's --port over PORT, as the host would, with --require=./index.js too", async () => {
    const dir = await unpackArchive('probe');
    // startFunctionsFrameworkHost passes --port=<free port>; PORT says something else.
    // And NODE_OPTIONS in the form docs/deploy-cloud-functions.md gives, which needs no quoting.
    const host = await startFunctionsFrameworkHost(dir, { env: { NODE_OPTIONS: '--require=./index.js', PORT: '1' } });
    expect(await (await fetch(host.url('/pid'))).text()).toBe(String(host.pid));
  });

  it('falls back on the usual hand-over when it cannot exec, with 500s that name the cause', async () => {
    const dir = await unpackArchive('probe');
    // Passes every check before exec; execve itself fails.
    fs.writeFileSync(path.join(dir, 'handler'), '#!/nonexistent/interpreter\n', { mode: 0o755 });
    const host = await startFunctionsFrameworkHost(dir, { env: EARLY });
    const answer = await fetch(host.url('/pid'));
    expect(answer.status).toBe(500);
    expect(await answer.text()).toMatch(/Could not exec the Go binary \S+handler: ENOENT/);
    expect(host.stderr.match(/go-handoff: the Go function cannot start/g)).toHaveLength(1);
    // The host itself started and serves, still Node.js.
    expect(executableOf(host.pid)).toBe(fs.realpathSync(process.execPath));
  });
});

describe('NODE_OPTIONS="--require ./index.js" in node processes that do not serve', () => {
  it('leaves npm alone', async () => {
    const dir = await unpackArchive('probe');
    const npm = spawnSync('npm', ['--version'], { cwd: dir, env: { ...process.env, ...EARLY }, encoding: 'utf8' });
    expect(npm.status, npm.stderr).toBe(0);
    expect(npm.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(npm.stdout + npm.stderr).not.toContain('go-handoff');
  });

  it('leaves a vitest run alone, even a test that listens on a socket or requires index.js', () => {
    // Beside the repository's node_modules, so that the test can import vitest.
    const dir = fs.mkdtempSync(path.join(repoRoot, '.cache', 'early-vitest-'));
    madeHere.push(dir);
    return extractArchive(archivePath('probe'), dir).then(() => {
      fs.writeFileSync(
        path.join(dir, 'still-node.test.mjs'),
        `import * as http from 'node:http';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
it('is still Node.js after listening', async () => {
  const server = http.createServer((req, res) => res.end('from node'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const answer = await (await fetch('http://127.0.0.1:' + server.address().port + '/')).text();
  server.close();
  expect(answer).toBe('from node');
  expect(typeof createRequire(import.meta.url)('./index.js').anyName).toBe('function');
});
`,
      );
      // A config of its own, so that vitest does not find the repository's.
      fs.writeFileSync(path.join(dir, 'vitest.config.mjs'), "export default { test: { include: ['*.test.mjs'] } };\n");
      const vitest = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, '--config', './vitest.config.mjs'], {
        cwd: dir,
        env: { ...process.env, ...EARLY, CI: 'true' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(vitest.status, vitest.stdout + vitest.stderr).toBe(0);
      expect(vitest.stdout).toMatch(/1 passed/);
      expect(vitest.stdout + vitest.stderr).not.toContain('becomes');
    });
  });
});
