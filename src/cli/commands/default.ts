import { join } from 'node:path';
import type { Command } from 'commander';
import { formatIssue } from '../../scenario/issue.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { describeScenarioShape } from '../../report/scenario-shape.js';
import { ValidationError } from '../../model/errors.js';
import type { CliIo } from '../io.js';
import { PACKAGE_ROOT } from '../version.js';

/** The scenario `capsim` (and `npm start`) opens when none is given. */
export const BUNDLED_EXAMPLE = join(PACKAGE_ROOT, 'scenarios', 'ecommerce-recs-inference.yaml');

/**
 * `capsim` with no command: the main job on the bundled example. Until the simulation engine
 * lands this validates the example and summarises what it describes.
 */
export function registerDefault(program: Command, io: CliIo): void {
  program.action(async () => {
    const result = await loadScenarioFile(BUNDLED_EXAMPLE, io.cwd, io.stdin);
    if (!result.ok) throw new ValidationError(result.issues.map(formatIssue));
    const { scenario, variants } = result.loaded;
    io.stdout.write(`${scenario.name}\n${describeScenarioShape(scenario, variants.size)}\n`);
    if (scenario.description) io.stdout.write(`${scenario.description}\n`);
  });
}
