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
  /** Workers kept across calls (WorkerPool): used instead of starting `jobs` new ones. */
  readonly pool?: WorkerPool;
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

/**
 * Worker threads kept across several batches of tasks (a cliff search's rounds): started once, so a
 * batch pays neither their start-up (loading the model's modules) nor a cold JIT. One batch at a
 * time; after a batch fails or is aborted the pool is closed and refuses further batches (a worker
 * may still be busy with the failed batch's task).
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private running = false;
  private closed = false;

  constructor(workerUrl: URL, jobs: number) {
    this.workers = Array.from({ length: Math.max(1, jobs) }, () => new Worker(workerUrl));
  }

  /** Runs `tasks` on the pool's workers; results in task order. */
  async run<T, R>(tasks: readonly T[], o: BatchOptions<T, R>): Promise<R[]> {
    if (this.closed) throw new Error('the worker pool is closed');
    if (this.running) throw new Error('the worker pool runs one batch at a time');
    this.running = true;
    try {
      return await this.batch(tasks, o);
    } catch (error) {
      await this.close();
      throw error;
    } finally {
      this.running = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private async batch<T, R>(tasks: readonly T[], o: BatchOptions<T, R>): Promise<R[]> {
    const results = new Array<R>(tasks.length);
    const finished = progressOf(tasks, o, results);
    const order = dispatchOrder(tasks, o.cost);
    let next = 0;
    const cleanups: (() => void)[] = [];
    try {
      await Promise.all(
        this.workers.slice(0, tasks.length).map(
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
              const onMessage = (m: { id: number; result?: R; error?: string }): void => {
                if (m.error !== undefined) {
                  reject(new Error(m.error));
                  return;
                }
                results[m.id] = m.result as R;
                finished(m.id);
                feed();
              };
              const onAbort = (): void => reject(new PoolAborted('interrupted'));
              worker.on('message', onMessage);
              worker.on('error', reject);
              o.signal?.addEventListener('abort', onAbort, { once: true });
              cleanups.push(() => {
                worker.off('message', onMessage);
                worker.off('error', reject);
                o.signal?.removeEventListener('abort', onAbort);
              });
              feed();
            }),
        ),
      );
    } finally {
      for (const c of cleanups) c();
    }
    return results;
  }
}

/** What a batch on a pool needs: everything but how to start workers. */
export type BatchOptions<T, R> = Omit<PoolOptions<T, R>, 'jobs' | 'workerUrl' | 'inline' | 'pool'>;

/** The per-task bookkeeping of a batch: onResult, then onProgress by estimated work. */
function progressOf<T, R>(tasks: readonly T[], o: BatchOptions<T, R>, results: R[]): (i: number) => void {
  let done = 0;
  const costs = o.cost === undefined ? null : tasks.map(o.cost);
  const totalCost = costs === null ? tasks.length : costs.reduce((a, b) => a + b, 0);
  let costDone = 0;
  return (i) => {
    done++;
    costDone += costs === null ? 1 : (costs[i] as number);
    o.onResult?.(i, results[i] as R);
    o.onProgress?.(done, tasks.length, totalCost > 0 ? costDone / totalCost : done / tasks.length);
  };
}

export async function runTasks<T, R>(tasks: readonly T[], o: PoolOptions<T, R>): Promise<R[]> {
  if (o.pool !== undefined && tasks.length > 0) return o.pool.run(tasks, o);
  if (o.jobs <= 1 || tasks.length <= 1) {
    const results = new Array<R>(tasks.length);
    const finished = progressOf(tasks, o, results);
    for (const [i, task] of tasks.entries()) {
      // Between tasks the event loop turns, so an interrupt can be seen.
      if (o.signal !== undefined) await new Promise((r) => setImmediate(r));
      if (o.signal?.aborted === true) throw new PoolAborted('interrupted');
      results[i] = o.inline(task);
      finished(i);
    }
    return results;
  }
  const pool = new WorkerPool(o.workerUrl, Math.min(o.jobs, tasks.length));
  try {
    return await pool.run(tasks, o);
  } finally {
    await pool.close();
  }
}
