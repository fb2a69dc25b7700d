// A worker thread of the sweep pool: runs the bursts it is sent and posts their outcomes back.

import { parentPort } from 'node:worker_threads';
import { type BurstOptions, runBurst } from '../workload/index.ts';

parentPort?.on('message', (m: { id: number; task: BurstOptions }) => {
  try {
    parentPort?.postMessage({ id: m.id, result: runBurst(m.task) });
  } catch (error) {
    parentPort?.postMessage({ id: m.id, error: error instanceof Error ? `${error.message}` : String(error) });
  }
});
