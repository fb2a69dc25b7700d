// The event queue keeps the order (time, priority, insertion) exactly, as a heap and as a ladder
// (past a few thousand pending events): the pop order equals a stable sort of what was pushed, for
// any interleaving of pushes and pops, equal times and priorities included.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventQueue } from '../../../src/engine/EventQueue.ts';
import { fc } from '../../support/fastCheck.ts';

interface Pushed {
  readonly time: number;
  readonly priority: number;
  readonly id: number;
}

/** Pushes `batches` (each then pops `pops` entries), then drains; returns the ids in pop order. */
function run(batches: readonly { readonly times: readonly [number, number][]; readonly pops: number }[]) {
  const q = new EventQueue(16);
  const out: number[] = [];
  const pushed: Pushed[] = [];
  let now = 0;
  let id = 0;
  for (const b of batches) {
    for (const [dt, priority] of b.times) {
      const p = { time: now + dt, priority, id: id++ };
      pushed.push(p);
      q.push(p.time, p.priority, 0, null, p.id, 0);
    }
    for (let i = 0; i < b.pops && q.size > 0; i++) {
      const slot = q.pop();
      assert.ok(q.poppedTime >= now, 'time never goes back');
      now = q.poppedTime;
      out.push(q.value[slot] as number);
      q.release(slot);
    }
  }
  while (q.size > 0) {
    const slot = q.pop();
    out.push(q.value[slot] as number);
    q.release(slot);
  }
  return { out, pushed };
}

describe('EventQueue', () => {
  it('pops in (time, priority, insertion) order, across the heap-to-ladder switch', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            times: fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 })), {
              maxLength: 3000,
            }),
            pops: fc.integer({ min: 0, max: 3000 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (batches) => {
          const { out, pushed } = run(batches);
          assert.equal(out.length, pushed.length, 'nothing lost, nothing twice');
          // What was pending when each pop happened was pushed before it; compare per pop by replay.
          const q: Pushed[] = [];
          const expected: number[] = [];
          let i = 0;
          let now = 0;
          for (const b of batches) {
            for (const [dt, priority] of b.times) q.push({ time: now + dt, priority, id: pushed[i++]?.id as number });
            for (let k = 0; k < b.pops && q.length > 0; k++) {
              q.sort((a, c) => a.time - c.time || a.priority - c.priority || a.id - c.id);
              const next = q.shift() as Pushed;
              now = next.time;
              expected.push(next.id);
            }
          }
          q.sort((a, c) => a.time - c.time || a.priority - c.priority || a.id - c.id);
          expected.push(...q.map((p) => p.id));
          assert.deepEqual(out, expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a deep queue (10^5 pending) stays exact, every entry popped with its own kind, token, target and value', () => {
    const q = new EventQueue(16);
    let x = 7;
    const rnd = (): number => {
      x = (x * 48271) % 2147483647;
      return x;
    };
    // Kinds 0–4 and tokens over the whole int32 range (negative ones too) stay with their entry.
    const kindOf = (id: number): number => id % 5;
    const tokenOf = (id: number): number => Math.imul(id, 2654435761) | 0;
    const targets = new Map<number, object>();
    let id = 0;
    const push = (time: number): void => {
      const target = { id };
      targets.set(id, target);
      q.push(time, rnd() % 2, kindOf(id), target, id, tokenOf(id));
      id++;
    };
    for (let i = 0; i < 100_000; i++) push(rnd() % 1_000_000);
    let lastTime = -1;
    let lastKey = -1;
    let n = 0;
    while (q.size > 0) {
      const slot = q.pop();
      assert.ok(q.poppedTime > lastTime || (q.poppedTime === lastTime && q.poppedKey > lastKey));
      const v = q.value[slot] as number;
      assert.equal(q.target[slot], targets.get(v));
      assert.equal(q.kind[slot], kindOf(v));
      assert.equal(q.token[slot], tokenOf(v));
      targets.delete(v);
      lastTime = q.poppedTime;
      lastKey = q.poppedKey;
      q.release(slot);
      if (n++ % 3 === 0 && n < 150_000) push(lastTime + 1 + (rnd() % 1000));
    }
    assert.equal(targets.size, 0, 'every entry popped once');
  });
});
