import cliProgress from 'cli-progress';
import type { CliIo } from './io.js';

/**
 * A progress bar on stderr, only when stderr is a terminal and not in CI: progress never mixes
 * with data on stdout and never appears in logs.
 */
export function progressReporter(io: CliIo, label: string, unit = 'runs'): { update: (done: number, total: number) => void; stop: () => void } {
  if (!io.stderrIsTTY || io.env.CI) return { update: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update: (done, total) => {
      if (total <= 1) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total} ${unit} · {eta_formatted} left`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
