// Bursts on the worker pool: in task order whatever the parallelism, the costliest handed out first.

import type { BurstOutcome } from '../metrics/index.ts';
import { type BurstOptions, burstCost, runBurst } from '../workload/index.ts';
import { runTasks, WorkerPool } from './pool.ts';

/** The worker script (bin/, so that it registers tsx before importing the TypeScript worker). */
const WORKER_URL = new URL('../../bin/sweep-worker.js', import.meta.url);

export interface BurstPoolOptions {
  readonly jobs: number;
  readonly onProgress?: (done: number, total: number, workDone: number) => void;
  readonly onResult?: (index: number, outcome: BurstOutcome) => void;
  readonly signal?: AbortSignal;
  /** Workers kept across calls (`openBurstPool`), instead of `jobs` new ones for this call. */
  readonly pool?: WorkerPool;
}

/** Worker threads for several calls of `runBursts` (a cliff search's rounds); close it when done. */
export function openBurstPool(jobs: number): WorkerPool {
  return new WorkerPool(WORKER_URL, jobs);
}

export function runBursts(tasks: readonly BurstOptions[], o: BurstPoolOptions): Promise<BurstOutcome[]> {
  return runTasks(tasks, {
    jobs: o.jobs,
    workerUrl: WORKER_URL,
    inline: runBurst,
    cost: burstCost,
    ...(o.onProgress !== undefined && { onProgress: o.onProgress }),
    ...(o.onResult !== undefined && { onResult: o.onResult }),
    ...(o.signal !== undefined && { signal: o.signal }),
    ...(o.pool !== undefined && { pool: o.pool }),
  });
}
