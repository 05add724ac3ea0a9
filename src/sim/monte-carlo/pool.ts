/**
 * A small worker_threads pool for one Monte Carlo call: `threads` workers pull batches of run
 * indices until none are left (guided self-scheduling: batches shrink as the work runs out, so
 * no worker is left with a long tail), then every worker is terminated. Any failure (an error
 * posted by a worker, an uncaught exception, an unexpected exit) rejects with the worker's
 * message and terminates the rest, so a caller never hangs.
 */
import { Worker } from 'node:worker_threads';
import type { RunSummary } from '../summary.js';
import type { BatchRequest, WorkerInit, WorkerReply } from './protocol.js';

/** Task overhead is ~0.1 ms (ecosystem.md §A.5), so large batches only matter for tiny runs. */
const MAX_BATCH_RUNS = 100;
/** Aim for ~4 batches per worker over what remains, so the last ones are small. */
const BATCHES_PER_WORKER = 4;

export interface PoolJob {
  readonly init: WorkerInit;
  readonly fromRun: number;
  readonly toRun: number;
  readonly threads: number;
  /** Called once per finished run, in the main thread. */
  readonly onRunDone: () => void;
}

export interface RunningPool {
  /** Every run's summary, in no particular order. */
  readonly done: Promise<RunSummary[]>;
  /** Stops every worker (used when the caller fails before awaiting `done`). */
  cancel(): Promise<void>;
}

export function batchSize(remainingRuns: number, threads: number): number {
  return Math.max(1, Math.min(MAX_BATCH_RUNS, Math.ceil(remainingRuns / (threads * BATCHES_PER_WORKER))));
}

export function startPool(job: PoolJob): RunningPool {
  const total = job.toRun - job.fromRun;
  const workerCount = Math.max(1, Math.min(job.threads, total));
  const workers: Worker[] = [];
  const summaries: RunSummary[] = [];
  let nextRun = job.fromRun;
  let settled = false;
  let resolveDone!: (s: RunSummary[]) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<RunSummary[]>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  // The caller may be busy with run 0 when a worker fails; this marks the rejection as handled
  // until it awaits `done`.
  done.catch(() => {});

  const terminateAll = () => Promise.all(workers.map((w) => w.terminate())).then(() => undefined);
  const fail = (error: Error) => {
    if (settled) return;
    settled = true;
    void terminateAll().then(() => rejectDone(error), () => rejectDone(error));
  };
  const dispatch = (worker: Worker) => {
    if (nextRun >= job.toRun) return;
    const size = batchSize(job.toRun - nextRun, workerCount);
    const request: BatchRequest = { type: 'batch', fromRun: nextRun, toRun: nextRun + size };
    nextRun += size;
    worker.postMessage(request);
  };

  for (let i = 0; i < workerCount; i++) {
    let worker: Worker;
    try {
      worker = spawn(job.init);
    } catch (e) {
      fail(e instanceof Error ? e : new Error(String(e)));
      break;
    }
    workers.push(worker);
    worker.on('message', (reply: WorkerReply) => {
      if (settled) return;
      switch (reply.type) {
        case 'progress':
          try {
            job.onRunDone();
          } catch (e) {
            fail(e instanceof Error ? e : new Error(String(e)));
          }
          break;
        case 'batch':
          summaries.push(...reply.summaries);
          if (summaries.length === total) {
            settled = true;
            void terminateAll().then(() => resolveDone(summaries), (e: unknown) => rejectDone(e instanceof Error ? e : new Error(String(e))));
          } else {
            dispatch(worker);
          }
          break;
        case 'error': {
          const error = new Error(`Monte Carlo worker failed on run ${reply.runIndex}: ${reply.message}`);
          if (reply.stack) error.stack = `${error.message}\n--- in the worker ---\n${reply.stack}`;
          fail(error);
          break;
        }
      }
    });
    worker.on('error', (e) => fail(new Error(`Monte Carlo worker failed: ${e.message}`, { cause: e })));
    worker.on('messageerror', (e) => fail(new Error(`Monte Carlo worker sent an unreadable message: ${String(e)}`)));
    worker.on('exit', (code) => fail(new Error(`Monte Carlo worker exited early (code ${code})`)));
    dispatch(worker);
  }

  return {
    done,
    cancel: async () => {
      fail(new Error('Monte Carlo cancelled'));
      await terminateAll();
    },
  };
}

/**
 * The compiled build runs worker.js directly. Under tsx or vitest this module is worker.ts, and
 * Node 20 ignores loader flags in a Worker's execArgv (nodejs/node#47747: `--import tsx` there
 * does not reach the entry, and tsx's own loader registers only on the main thread), so a small
 * CommonJS bootstrap registers tsx's ESM hooks inside the worker, then imports the entry.
 * tsx is found from the entry's location (not the cwd), and its ESM API through its package
 * exports: the CommonJS build of that API resolves its hooks to a wrong path.
 */
function spawn(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData: init });
  const entry = JSON.stringify(new URL('./worker.ts', here).href);
  const bootstrap = `
    const req = require('node:module').createRequire(${entry});
    const pkg = require('node:url').pathToFileURL(req.resolve('tsx/package.json'));
    const api = new URL(req('tsx/package.json').exports['./esm/api'].import.default, pkg).href;
    import(api).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(bootstrap, { eval: true, execArgv: [], workerData: init });
}
