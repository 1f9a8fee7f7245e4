// Watches a function folder for changes to its sources, calling back once
// per burst of changes (an editor's save is often several events).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Whether a change to this path (relative to the function folder) calls for
 * a rebuild. Pure. Everything the build copies counts (Go files, go.mod,
 * go.sum, files a //go:embed takes), except what the build leaves out
 * (hidden files and folders, node_modules), editors' scratch files, and
 * archives, which `go-handoff package` may have written into the folder.
 */
export function isSourceChange(relative: string): boolean {
  const parts = relative.split(/[\\/]/).filter((part) => part !== '');
  if (parts.length === 0) return false;
  if (parts.some((part) => part.startsWith('.') || part === 'node_modules')) return false;
  const name = parts[parts.length - 1];
  if (name.endsWith('~') || /\.(swp|swx|tmp)$/.test(name) || /^\d+$/.test(name)) return false; // vim writes "4913" to test the folder
  if (/\.(zip|tar\.gz|tgz)$/.test(name)) return false;
  return true;
}

export interface SourceWatcher {
  close(): void;
}

/** Calls onChange with the changed paths once no change has come for debounceMs. */
export function watchSources(dir: string, onChange: (changed: string[]) => void, debounceMs = 150): SourceWatcher {
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(dir, { recursive: true }, (_event, file) => {
    const relative = file === null ? '' : String(file);
    if (!isSourceChange(relative)) return;
    changed.add(relative.split(path.sep).join('/'));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = [...changed].sort();
      changed = new Set();
      // Editors save through temporary files (sed -i, vim): name what is left.
      const existing = batch.filter((file) => fs.existsSync(path.join(dir, file)));
      onChange(existing.length > 0 ? existing : batch);
    }, debounceMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
