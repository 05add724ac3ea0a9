/**
 * Worker-thread entry for Monte Carlo runs: receives the spec and shared loads once, then
 * simulates batches of runs on request and replies with compact summaries. A run's result
 * depends only on (spec, loads, runIndex), so it is the same here as in the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { simulateRun } from '../run.js';
import { toRunSummary, type RunSummary } from '../summary.js';
import type { BatchRequest, WorkerInit, WorkerReply } from './protocol.js';
import { loadsOf } from './shared-inputs.js';

const port = parentPort;
if (!port) throw new Error('monte-carlo/worker.ts must run in a worker thread');
const init = workerData as WorkerInit;
const loads = loadsOf(init);
const reply = (message: WorkerReply): void => port.postMessage(message);

port.on('message', (request: BatchRequest) => {
  const summaries: RunSummary[] = [];
  for (let runIndex = request.fromRun; runIndex < request.toRun; runIndex++) {
    try {
      summaries.push(toRunSummary(simulateRun(init.spec, loads, { runIndex, series: false })));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      reply({ type: 'error', runIndex, message: error.message, stack: error.stack });
      return;
    }
    reply({ type: 'progress' });
  }
  reply({ type: 'batch', summaries });
});
