// Bursts on the worker pool: in task order whatever the parallelism, the costliest handed out first.

import type { BurstOutcome } from '../metrics/index.ts';
import { type BurstOptions, burstCost, runBurst } from '../workload/index.ts';
import { runTasks } from './pool.ts';

/** The worker script (bin/, so that it registers tsx before importing the TypeScript worker). */
const WORKER_URL = new URL('../../bin/sweep-worker.js', import.meta.url);

export interface BurstPoolOptions {
  readonly jobs: number;
  readonly onProgress?: (done: number, total: number, workDone: number) => void;
  readonly onResult?: (index: number, outcome: BurstOutcome) => void;
  readonly signal?: AbortSignal;
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
  });
}
