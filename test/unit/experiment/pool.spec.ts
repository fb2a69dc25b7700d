// The worker pool: costliest tasks are handed out first, results stay in task order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatchOrder, runTasks } from '../../../src/experiment/index.ts';
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
});
