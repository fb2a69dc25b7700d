// The worker pool: costliest tasks are handed out first, results stay in task order; a kept pool's
// workers serve batch after batch, and a failed batch closes it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatchOrder, runTasks, WorkerPool } from '../../../src/experiment/index.ts';
import { fc } from '../../support/fastCheck.ts';

describe('pool', () => {
  it('dispatches by falling cost, ties by index, each task once', () => {
    assert.deepEqual(
      dispatchOrder([3, 9, 1, 9, 5], (x) => x),
      [1, 3, 4, 0, 2],
    );
    assert.deepEqual(dispatchOrder(['a', 'b', 'c']), [0, 1, 2]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 50 }), (costs) => {
        const order = dispatchOrder(costs, (c) => c);
        assert.deepEqual(
          [...order].sort((a, b) => a - b),
          costs.map((_, i) => i),
        );
        for (let i = 1; i < order.length; i++) {
          const [a, b] = [order[i - 1] as number, order[i] as number];
          const [ca, cb] = [costs[a] as number, costs[b] as number];
          assert.ok(ca > cb || (ca === cb && a < b), `task ${a} (cost ${ca}) before ${b} (cost ${cb})`);
        }
      }),
    );
  });

  it('results come back in task order whatever the cost order, progress by work (inline)', async () => {
    const tasks = [4, 1, 3];
    const seen: number[] = [];
    const progress: string[] = [];
    const results = await runTasks(tasks, {
      jobs: 1,
      workerUrl: new URL('data:,'),
      inline: (t) => {
        seen.push(t);
        return t * 10;
      },
      cost: (t) => t,
      onProgress: (done, total, work) => progress.push(`${done}/${total} ${work}`),
    });
    assert.deepEqual(results, [40, 10, 30]);
    assert.deepEqual(seen, [4, 1, 3]);
    // Progress by estimated work (4 + 1 + 3 = 8), not by count.
    assert.deepEqual(progress, ['1/3 0.5', '2/3 0.625', '3/3 1']);
  });

  it('a kept pool runs batch after batch on the same workers, results in task order; a failed batch closes it', async () => {
    const url = new URL('../../fixtures/workers/double.mjs', import.meta.url);
    const pool = new WorkerPool(url, 2);
    try {
      const threads = new Set<number>();
      for (const batch of [[1, 2, 3, 4, 5], [7], [9, 8]]) {
        const done: number[] = [];
        const results = await pool.run<number, { doubled: number; thread: number }>(batch, {
          cost: (t) => t,
          onResult: (i) => done.push(i),
        });
        assert.deepEqual(
          results.map((r) => r.doubled),
          batch.map((t) => 2 * t),
        );
        assert.deepEqual(
          [...done].sort((a, b) => a - b),
          batch.map((_, i) => i),
        );
        for (const r of results) threads.add(r.thread);
      }
      assert.equal(threads.size, 2, 'the same two workers served every batch');
      await assert.rejects(pool.run([1, -1, 2], {}), /negative task -1/);
      await assert.rejects(pool.run([1], {}), /closed/);
    } finally {
      await pool.close();
    }
  });
});
