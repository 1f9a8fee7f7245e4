import * as path from 'node:path';

import { describe, expect, it } from 'vitest';

import { type Admission, ArchiveRules, type EntryKind, normalizeName, type RuledEntry } from '../../src/package/archive-rules';

const file = (name: string): RuledEntry => ({ name, kind: 'file' });
const folder = (name: string): RuledEntry => ({ name, kind: 'directory' });

/** What the rules make of each entry, in order. */
function admit(...entries: RuledEntry[]): Admission[] {
  const rules = new ArchiveRules();
  return entries.map((entry) => rules.admit(entry));
}

describe('archive rules: where an entry goes', () => {
  it.each([
    ['a plain file', 'handler', 'handler'],
    ['a file in a folder', 'prebuilds/linux-x64/handoff.node', 'prebuilds/linux-x64/handoff.node'],
    ["tar's ./ before a name", './handler', 'handler'],
    ['./ inside a name, and a doubled slash', 'prebuilds/./linux-x64//handoff.node', 'prebuilds/linux-x64/handoff.node'],
    ['a folder with its trailing slash', 'prebuilds/', 'prebuilds'],
    ['a dot that is part of a name', '..handler..', '..handler..'],
  ])('%s: %s unpacks to %s', (_what, name, where) => {
    expect(normalizeName(name)).toEqual({ path: where });
  });

  it.each([
    ['../ before a name', '../evil', /climbs out of the folder with "\.\."/],
    ['.. inside a name', 'a/../../evil', /climbs out/],
    ['.. after a folder that exists', 'prebuilds/../../x', /climbs out/],
    ['..\\ as a zip made on Windows means it', '..\\evil', /climbs out/],
    ['an absolute path', '/etc/cron.d/x', /absolute path/],
    ['a backslash-absolute path', '\\Windows\\x', /absolute path/],
    ['a drive letter', 'C:/x', /absolute path/],
    ['a NUL byte', 'handler\0.txt', /holds a NUL byte/],
    ['a name longer than 255 bytes', `a/${'x'.repeat(256)}`, /longer than Linux allows/],
    ['a path longer than 4095 bytes', Array.from({ length: 20 }, () => 'y'.repeat(250)).join('/'), /longer than Linux allows/],
  ])('refuses %s', (_what, name, reason) => {
    const [admission] = admit(file(name));
    expect(admission).toEqual({ action: 'refuse', reason: expect.stringMatching(reason) });
  });

  it('skips "./", the folder the archive unpacks into, and refuses a file of that name', () => {
    expect(admit(folder('./'), folder('.'), file('handler'))).toEqual([
      { action: 'skip', path: '.' },
      { action: 'skip', path: '.' },
      { action: 'write', path: 'handler' },
    ]);
    expect(admit(file('./'))).toEqual([{ action: 'refuse', reason: 'it names the folder the archive unpacks into, not a file in it' }]);
  });

  it.each<[string, EntryKind, string | undefined, RegExp]>([
    ['a symbolic link', 'symlink', '/etc/passwd', /^a symbolic link to "\/etc\/passwd": serve leaves it out/],
    ['a hard link', 'hardlink', 'index.js', /^a hard link to "index\.js": serve leaves it out/],
    ['a device', 'device', undefined, /^a device file: serve leaves it out/],
    ['a named pipe', 'fifo', undefined, /^a named pipe: serve leaves it out/],
    ['a kind of its own', 'other', undefined, /^an entry of a kind serve does not unpack: serve leaves it out/],
  ])('leaves out %s', (_what, kind, linkTarget, reason) => {
    expect(admit({ name: 'x', kind, linkTarget })).toEqual([{ action: 'drop', path: 'x', reason: expect.stringMatching(reason) }]);
  });
});

describe('archive rules: entries against each other', () => {
  it('refuses a name twice, whatever its spelling', () => {
    const twice = /^it appears twice in the archive/;
    expect(admit(file('handler'), file('handler'))[1]).toEqual({ action: 'refuse', reason: expect.stringMatching(twice), path: 'handler' });
    expect(admit(file('handler'), file('./handler'))[1]).toEqual({ action: 'refuse', reason: expect.stringMatching(twice), path: 'handler' });
    expect(admit(folder('lib/'), folder('lib/'))[1]).toEqual({ action: 'refuse', reason: expect.stringMatching(twice), path: 'lib' });
    expect(admit({ name: 'x', kind: 'symlink', linkTarget: 'y' }, file('x'))[1]).toEqual({ action: 'refuse', reason: expect.stringMatching(twice), path: 'x' });
  });

  it('takes a folder listed after the files inside it, as zip tools write them', () => {
    expect(admit(file('lib/a'), folder('lib/'), file('lib/b'))).toEqual([
      { action: 'write', path: 'lib/a' },
      { action: 'mkdir', path: 'lib' },
      { action: 'write', path: 'lib/b' },
    ]);
  });

  it.each([
    ['a file inside a file', [file('handler'), file('handler/x')], /^a file where a folder must be: it lies inside "handler", which the archive makes a file/],
    ['a file deep inside a file', [file('a/b'), file('a/b/c/d')], /^a file where a folder must be: it lies inside "a\/b"/],
    ['a folder after a file of its name', [file('lib'), folder('lib/')], /^a file where a folder must be: the archive makes it a folder, but an earlier entry makes it a file/],
    ['a file after a folder of its name', [folder('sub/'), file('sub')], /^a folder where a file must be: the archive makes it a file, but an earlier entry makes it a folder/],
    ['a file after files inside its name', [file('sub/x'), file('sub')], /^a folder where a file must be: .*earlier entries lie inside it/],
    ['a link after files inside its name', [file('sub/x'), { name: 'sub', kind: 'symlink', linkTarget: '/' } as RuledEntry], /^a folder where a file must be: the archive makes it a link/],
    ['a file through a link', [{ name: 'lib', kind: 'symlink', linkTarget: '/etc' } as RuledEntry, file('lib/passwd')], /^it lies inside "lib", which the archive makes a link/],
  ])('refuses %s', (_what, entries, reason) => {
    const admissions = admit(...entries);
    expect(admissions.at(-1)).toEqual({ action: 'refuse', reason: expect.stringMatching(reason), path: entries.at(-1)!.name.replace(/\/$/, '') });
  });
});

describe('archive rules, fuzzed', () => {
  const parts = ['a', 'b', 'handler', '.', '..', '', '\\..', '..\\', 'C:', '\0', ' ', 'x\x1b[2J'];
  const kinds: EntryKind[] = ['file', 'file', 'file', 'directory', 'directory', 'symlink', 'hardlink', 'device'];
  const pick = <T>(from: T[]): T => from[Math.floor(Math.random() * from.length)];

  it('never admits what would land outside the folder, twice, or inside a file', () => {
    const root = '/unpack/here';
    for (let round = 0; round < 3000; round++) {
      const rules = new ArchiveRules();
      /** What each admitted path is, and the folders they imply. */
      const explicit = new Map<string, 'folder' | 'other'>();
      const implied = new Set<string>();
      for (let i = 0; i < 8; i++) {
        const name = (Math.random() < 0.2 ? '/' : '') + Array.from({ length: 1 + Math.floor(Math.random() * 4) }, () => pick(parts)).join(pick(['/', '/', '\\']));
        const kind = pick(kinds);
        const admission = rules.admit({ name, kind });
        if (admission.action === 'refuse' || admission.action === 'skip') continue;
        const target = path.resolve(root, admission.path);
        expect(target.startsWith(root + path.sep), `${JSON.stringify(name)} -> ${target}`).toBe(true);
        expect(admission.path).not.toMatch(/\0|(^|[/\\])\.\.([/\\]|$)/);
        // Nothing earlier but a folder lies on its way, and it is not there yet (a folder may be, implied).
        const ancestors = admission.path.split('/').slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join('/'));
        for (const ancestor of ancestors) expect(explicit.get(ancestor) ?? 'folder', `${admission.path} inside ${ancestor}`).toBe('folder');
        expect(explicit.has(admission.path), `${admission.path} twice`).toBe(false);
        if (admission.action !== 'mkdir') expect(implied.has(admission.path), `${admission.path} is a folder already`).toBe(false);
        explicit.set(admission.path, admission.action === 'mkdir' ? 'folder' : 'other');
        for (const ancestor of ancestors) implied.add(ancestor);
      }
    }
  });
});
