// Runs independent tasks on worker threads (or inline with jobs = 1). Results come back in task
// order whatever the parallelism, so a sweep is byte-identical for any --jobs.

import { Worker } from 'node:worker_threads';

export interface PoolOptions<T, R> {
  readonly jobs: number;
  /** A worker script that answers each `{ id, task }` message with `{ id, result }` or `{ id, error }`. */
  readonly workerUrl: URL;
  /** How to run a task in this thread (jobs = 1). */
  readonly inline: (task: T) => R;
  /**
   * After each task: tasks done, tasks in all, and the share of the estimated work done (by `cost`
   * when given, else by count) — with the costliest first, counts alone would make a poor ETA.
   */
  readonly onProgress?: (done: number, total: number, workDone: number) => void;
  /**
   * Estimated relative cost of a task. When given, workers take the costliest tasks first (longest
   * processing time first), so a sweep does not end with one worker alone on its biggest points.
   * It changes only the order of execution: results stay in task order.
   */
  readonly cost?: (task: T) => number;
  /** Called with each task's index and result as it finishes (a run log appends it there). */
  readonly onResult?: (index: number, result: R) => void;
  /** Aborting stops handing out tasks and ends the pool: the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** The error a pool rejects with when its signal is aborted. */
export class PoolAborted extends Error {
  override readonly name = 'PoolAborted';
}

/** Task indices in the order they are handed out: by falling cost, ties by index. */
export function dispatchOrder<T>(tasks: readonly T[], cost?: (task: T) => number): number[] {
  const order = tasks.map((_, i) => i);
  if (cost === undefined) return order;
  const costs = tasks.map(cost);
  return order.sort((a, b) => (costs[b] as number) - (costs[a] as number) || a - b);
}

export async function runTasks<T, R>(tasks: readonly T[], o: PoolOptions<T, R>): Promise<R[]> {
  const results = new Array<R>(tasks.length);
  let done = 0;
  const costs = o.cost === undefined ? null : tasks.map(o.cost);
  const totalCost = costs === null ? tasks.length : costs.reduce((a, b) => a + b, 0);
  let costDone = 0;
  const finished = (i: number): void => {
    done++;
    costDone += costs === null ? 1 : (costs[i] as number);
    o.onResult?.(i, results[i] as R);
    o.onProgress?.(done, tasks.length, totalCost > 0 ? costDone / totalCost : done / tasks.length);
  };
  if (o.jobs <= 1 || tasks.length <= 1) {
    for (const [i, task] of tasks.entries()) {
      // Between tasks the event loop turns, so an interrupt can be seen.
      if (o.signal !== undefined) await new Promise((r) => setImmediate(r));
      if (o.signal?.aborted === true) throw new PoolAborted('interrupted');
      results[i] = o.inline(task);
      finished(i);
    }
    return results;
  }
  const order = dispatchOrder(tasks, o.cost);
  let next = 0;
  const workers = Array.from({ length: Math.min(o.jobs, tasks.length) }, () => new Worker(o.workerUrl));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (o.signal?.aborted === true) {
                reject(new PoolAborted('interrupted'));
                return;
              }
              if (next >= tasks.length) {
                resolve();
                return;
              }
              const id = order[next++] as number;
              worker.postMessage({ id, task: tasks[id] });
            };
            worker.on('message', (m: { id: number; result?: R; error?: string }) => {
              if (m.error !== undefined) {
                reject(new Error(m.error));
                return;
              }
              results[m.id] = m.result as R;
              finished(m.id);
              feed();
            });
            worker.on('error', reject);
            o.signal?.addEventListener('abort', () => reject(new PoolAborted('interrupted')), { once: true });
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
