// The benchmark's models compute what they claim, so that its rates are rates of the right work: the
// M/M/1 model (generator processes) against queueing theory, its three JavaScript variants serving the
// same customers, the hold model keeping its N events pending, and the generator chains yielding
// what a process's waits yield.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runGeneratorDepth, waiter } from '../../../bench/models/generatorDepth.ts';
import { runHold, runHoldCallbacks } from '../../../bench/models/hold.ts';
import { runMm1 } from '../../../bench/models/mm1.ts';
import { runMm1Callbacks } from '../../../bench/models/mm1Callbacks.ts';
import { runMm1Handwritten } from '../../../bench/models/mm1Handwritten.ts';
import { mm1 } from '../../support/queueingTheory.ts';

const US = 1_000_000;

describe('benchmark models', () => {
  it('M/M/1 with generator processes: the mean wait in queue is M/M/1 theory’s (ρ = 0.8)', () => {
    // 300,000 customers: the standard error of the mean wait at ρ = 0.8 is a few percent.
    const r = runMm1(1 * US, 0.8 * US, 300_000 * US);
    const theory = mm1(1, 1 / 0.8).wq * US;
    assert.ok(Math.abs(r.meanWaitPs / theory - 1) < 0.1, `mean wait ${r.meanWaitPs} ps vs ${theory} ps`);
    assert.ok(Math.abs(r.served / 300_000 - 1) < 0.01, `served ${r.served}`);
  });

  it('the engine, callback and single-purpose variants serve exactly the same customers', () => {
    const horizon = 20_000 * US;
    const served = [runMm1, runMm1Callbacks, runMm1Handwritten].map((run) => run(1 * US, 0.8 * US, horizon).served);
    assert.equal(new Set(served).size, 1, served.join(', '));
  });

  it('the hold model keeps its N events pending, with generators and with callbacks', () => {
    assert.equal(runHold(1000, 20_000).pending, 1000);
    assert.equal(runHoldCallbacks(1000, 20_000).pending, 1000);
  });

  it('a generator chain yields a wait per resume: one generator counts on, a chain of n waits restarts every n', () => {
    const take = (it: Iterator<number>, k: number): number[] =>
      Array.from({ length: k }, () => it.next().value as number);
    assert.deepEqual(take(waiter(1, 3), 7), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(take(waiter(5, 3), 7), [0, 1, 2, 0, 1, 2, 0]);
    assert.deepEqual(take(waiter(5, 1), 3), [0, 0, 0]);
    assert.deepEqual(take(waiter(2, Number.MAX_SAFE_INTEGER), 4), [0, 1, 2, 3]);
    const r = runGeneratorDepth(5, 3, 10_000);
    assert.ok(r.depth === 5 && r.waitsPerChain === 3 && r.resumesPerSecond > 0);
  });
});
