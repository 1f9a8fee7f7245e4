// The CLI's progress lines. On a terminal each long step shows while it runs
// and then as `✓ go build (linux/arm64) 3.2 s`; elsewhere (logs, CI, make's
// output captured by a test) and with --quiet the steps say nothing, so that
// only the final summary, or nothing at all, is printed.
import type { Progress } from '../progress';
import { formatSeconds } from './format';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export function progressReporter(stream: ProgressStream, options: { quiet: boolean; now?: () => number }): Progress {
  const now = options.now ?? Date.now;
  if (options.quiet || !stream.isTTY) return { step: (_label, work) => work() };
  return {
    async step(label, work) {
      const started = now();
      stream.write(`  … ${label}`);
      const finish = (mark: string) => stream.write(`\r\x1b[K  ${mark} ${label} ${formatSeconds(now() - started)}\n`);
      try {
        const result = await work();
        finish('✓');
        return result;
      } catch (error) {
        finish('✗');
        throw error;
      }
    },
  };
}
