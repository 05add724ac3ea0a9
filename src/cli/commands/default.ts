import { join } from 'node:path';
import type { Command } from 'commander';
import { renderTable } from '../../report/table.js';
import { colorEnabled, type CliIo } from '../io.js';
import { loadScenario, runLoadedScenario } from '../scenario-run.js';
import { PACKAGE_ROOT } from '../version.js';

/** The scenario `capsim` (and `npm start`) opens when none is given. */
export const BUNDLED_EXAMPLE = join(PACKAGE_ROOT, 'scenarios', 'ecommerce-recs-inference.yaml');

/**
 * `capsim` with no command: the main job on the bundled example. The interactive planner is the
 * TUI's job (issue "Interactive terminal UI"); until it lands, and whenever stdout is not a
 * terminal, this prints the table report.
 */
export function registerDefault(program: Command, io: CliIo): void {
  program.action(async () => {
    const loaded = await loadScenario(BUNDLED_EXAMPLE, io);
    const result = await runLoadedScenario(loaded, io, { series: false });
    io.stdout.write(renderTable(result.report, { color: colorEnabled(io) }));
  });
}
