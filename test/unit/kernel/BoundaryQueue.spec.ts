// The chunk runs' boundary queue: an indexed heap that always yields the earliest boundary (ties:
// the run that started first), whatever the order of pushes, moves and removals.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BoundaryQueue, type QueuedRun } from '../../../src/kernel/BoundaryQueue.ts';
import { fc } from '../../support/fastCheck.ts';

describe('BoundaryQueue', () => {
  it('yields runs by (next boundary, start order) through pushes, head moves and removals', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), next: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('move' as const), by: fc.integer({ min: 0, max: 30 }) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const q = new BoundaryQueue<QueuedRun>();
        const model: QueuedRun[] = [];
        let order = 0;
        const earliest = () =>
          [...model].sort((a, b) => a.next - b.next || a.order - b.order)[0] as QueuedRun | undefined;
        for (const o of ops) {
          if (o.kind === 'push') {
            const r = { next: o.next, order: order++, slot: -1 };
            q.push(r);
            model.push(r);
          } else if (o.kind === 'move') {
            const head = q.peek();
            if (head === undefined) continue;
            head.next += o.by;
            q.headMoved();
          } else {
            if (model.length === 0) continue;
            const r = model.splice(o.pick % model.length, 1)[0] as QueuedRun;
            q.remove(r);
            assert.equal(r.slot, -1);
          }
          assert.equal(q.size, model.length);
          assert.equal(q.peek(), earliest());
        }
        q.clear();
        assert.equal(q.size, 0);
        for (const r of model) assert.equal(r.slot, -1);
      }),
      { numRuns: 200 },
    );
  });
});
