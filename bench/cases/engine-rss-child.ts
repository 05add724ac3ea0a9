/** Child process of the engine bench: prints its peak RSS (MiB) after a year with series. */
import { resourceUsage } from 'node:process';
import { buildRunReport } from '../../src/report/model.js';
import { renderJson } from '../../src/report/json.js';
import { simulateRun } from '../../src/sim/run.js';
import { resolveYear } from './engine.js';

const { spec, loads } = await resolveYear();
const run = simulateRun(spec, loads, { runIndex: 0, series: true });
const json = renderJson(buildRunReport({ spec, run, monteCarlo: undefined, runs: 1, toolVersion: 'bench', scenarioHash: 'bench', includeSeries: true }));
if (json.length < 1000) throw new Error('report too small');
// maxRSS is in KiB on Linux.
console.log((resourceUsage().maxRSS / 1024).toFixed(1));
