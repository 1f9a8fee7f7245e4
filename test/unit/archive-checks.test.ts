import { describe, expect, it } from 'vitest';

import { checkArchive, LOADER_BANNER } from '../../src/inspect/archive-checks';
import { modeString } from '../../src/inspect/inspection-report';
import { execWrapperScript } from '../../src/package/exec-wrapper';
import type { ArchiveFile } from '../../src/package/read-archive';
import { EM_AARCH64, ET_DYN, elfHeader } from '../helpers/elf-header';

const loader = Buffer.from(`${LOADER_BANNER} execs the Go binary beside it.\n'use strict';\n`);
const manifest = (goHandoff: object = { binary: 'handler', goos: 'linux', goarch: 'amd64', contract: 'http', builtWith: '0.1.0' }, main = 'index.js') =>
  Buffer.from(JSON.stringify({ name: 'go-handoff-function', main, goHandoff }));

function file(name: string, data: Buffer, mode = 0o644): ArchiveFile {
  return { name, type: 'file', mode, data };
}

/** An archive as go-handoff package writes it, for linux/amd64. */
function goodArchive(): ArchiveFile[] {
  return [
    file('exec-wrapper', Buffer.from(execWrapperScript('handler')), 0o755),
    file('handler', elfHeader(), 0o755),
    file('index.js', loader),
    file('package-lock.json', Buffer.from('{}')),
    file('package.json', manifest()),
    file('prebuilds/linux-x64/handoff.node', elfHeader({ type: ET_DYN })),
  ];
}

function errorsOf(files: ArchiveFile[], bundledLoader: Buffer | undefined = loader): string[] {
  return checkArchive(files, { bundledLoader, version: '0.1.0' })
    .findings.filter((f) => f.severity === 'error')
    .map((f) => `${f.subject}: ${f.message}`);
}

function replace(files: ArchiveFile[], name: string, by: ArchiveFile | undefined): ArchiveFile[] {
  return files.flatMap((f) => (f.name === name ? (by ? [by] : []) : [f]));
}

describe('inspect: archive checks', () => {
  it('passes the archive go-handoff package writes, and says for which machine', () => {
    const check = checkArchive(goodArchive(), { bundledLoader: loader, version: '0.1.0' });
    expect(check.findings.map((f) => [f.severity, f.subject])).toEqual([
      ['ok', 'index.js'],
      ['ok', 'package.json'],
      ['ok', 'handler'],
      ['ok', 'prebuilds/linux-x64/handoff.node'],
      ['ok', 'exec-wrapper'],
    ]);
    expect(check.arch).toBe('x64');
    expect(check.findings[2].message).toBe('ELF 64-bit x64 executable, statically linked, mode 0755');
  });

  it("checks Lambda's exec-wrapper: missing or not executable warns, not ours fails, another binary's warns", () => {
    const findingOf = (files: ArchiveFile[]) => checkArchive(files, { bundledLoader: loader, version: '0.1.0' }).findings.find((f) => f.subject === 'exec-wrapper');
    expect(findingOf(goodArchive())?.message).toBe('POSIX sh, mode 0755: with AWS_LAMBDA_EXEC_WRAPPER=/var/task/exec-wrapper, Lambda starts handler with no Node.js');
    expect(findingOf(replace(goodArchive(), 'exec-wrapper', undefined))).toMatchObject({ severity: 'warning', message: expect.stringMatching(/^missing .*without that variable nothing needs it/) });
    expect(findingOf(replace(goodArchive(), 'exec-wrapper', file('exec-wrapper', Buffer.from(execWrapperScript('handler')), 0o644)))).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(/^mode 0644: not executable, so Lambda's bootstrap refuses it .*without that variable nothing needs it/),
    });
    expect(errorsOf(replace(goodArchive(), 'exec-wrapper', file('exec-wrapper', Buffer.from('#!/bin/sh\nexec node "$@"\n'), 0o755)))).toEqual([
      expect.stringMatching(/^exec-wrapper: not go-handoff's exec-wrapper/),
    ]);
    expect(findingOf(replace(goodArchive(), 'exec-wrapper', file('exec-wrapper', Buffer.from(execWrapperScript('other')), 0o755)))).toMatchObject({ severity: 'warning', message: expect.stringContaining('not the one this version writes for the binary "handler"') });
  });

  it('fails a missing binary, naming the entry package.json expects', () => {
    expect(errorsOf(replace(goodArchive(), 'handler', undefined))).toEqual([expect.stringMatching(/^handler: missing: package.json names "handler" as the Go binary/)]);
  });

  it('warns about a binary that is not executable, which the loader repairs', () => {
    const files = replace(goodArchive(), 'handler', file('handler', elfHeader(), 0o644));
    expect(errorsOf(files)).toEqual([]);
    expect(checkArchive(files, { bundledLoader: loader, version: '0.1.0' }).findings.find((f) => f.subject === 'handler')).toEqual({
      severity: 'warning',
      subject: 'handler',
      message: expect.stringMatching(/^ELF 64-bit x64 executable, statically linked, mode 0644: not executable .*The loader makes it executable at start, with chmod, .*a copy from the temporary folder.*Lambda's exec-wrapper cannot start it\. Rebuild the archive/),
    });
  });

  it('fails a binary for another architecture than the manifest and the addon', () => {
    const errors = errorsOf(replace(goodArchive(), 'handler', file('handler', elfHeader({ machine: EM_AARCH64 }), 0o755)));
    expect(errors).toEqual([
      expect.stringMatching(/^handler: .*built for arm64, but package.json says linux\/amd64/),
      expect.stringMatching(/^prebuilds\/linux-arm64\/handoff.node: missing: .*it has prebuilds for linux-x64/),
    ]);
  });

  it('fails a dynamically linked binary', () => {
    const dynamic = file('handler', elfHeader({ interpreter: '/lib64/ld-linux-x86-64.so.2' }), 0o755);
    expect(errorsOf(replace(goodArchive(), 'handler', dynamic))).toEqual([expect.stringMatching(/^handler: .*dynamically linked \(it needs \/lib64\/ld-linux-x86-64.so.2.*CGO_ENABLED=0/)]);
  });

  it('fails a missing addon, and one built for another machine', () => {
    expect(errorsOf(replace(goodArchive(), 'prebuilds/linux-x64/handoff.node', undefined))).toEqual([expect.stringMatching(/^prebuilds\/linux-x64\/handoff.node: missing: .*it has none/)]);
    const arm = file('prebuilds/linux-x64/handoff.node', elfHeader({ type: ET_DYN, machine: EM_AARCH64 }));
    expect(errorsOf(replace(goodArchive(), 'prebuilds/linux-x64/handoff.node', arm))).toEqual([expect.stringMatching(/built for arm64, but the folder and the Go binary are for x64/)]);
  });

  it("fails an index.js that is not go-handoff's loader, and warns of another version's", () => {
    expect(errorsOf(replace(goodArchive(), 'index.js', file('index.js', Buffer.from('module.exports = {};'))))).toEqual([expect.stringMatching(/^index.js: not go-handoff's loader/)]);
    const other = checkArchive(goodArchive(), { bundledLoader: Buffer.from('another build'), version: '0.2.0' }).findings[0];
    expect(other).toMatchObject({ severity: 'warning', subject: 'index.js', message: expect.stringMatching(/not the one go-handoff 0.2.0 bundles/) });
  });

  it('fails a package.json whose main is not the loader, or that is not JSON', () => {
    expect(errorsOf(replace(goodArchive(), 'package.json', file('package.json', manifest(undefined, 'server.js'))))).toEqual([expect.stringMatching(/its main is "server.js", not "index.js"/)]);
    expect(errorsOf(replace(goodArchive(), 'package.json', file('package.json', Buffer.from('{'))))).toEqual([expect.stringMatching(/^package.json: not valid JSON/)]);
  });

  it('writes modes as ls -l does', () => {
    expect(modeString({ type: 'file', mode: 0o755 })).toBe('-rwxr-xr-x');
    expect(modeString({ type: 'file', mode: 0o644 })).toBe('-rw-r--r--');
    expect(modeString({ type: 'directory', mode: 0o755 })).toBe('drwxr-xr-x');
  });
});
