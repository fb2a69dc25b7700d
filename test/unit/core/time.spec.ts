import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertPs, invariant, MAX_PS, nsToPs, psToSeconds, SimError, secondsToPs } from '../../../src/core/index.ts';

describe('time', () => {
  it('accepts non-negative safe integers', () => {
    assert.equal(assertPs(0), 0);
    assert.equal(assertPs(MAX_PS), MAX_PS);
  });

  it('rejects fractions, negatives and NaN with the quantity named', () => {
    assert.throws(() => assertPs(1.5, 'hold time'), /hold time must be a non-negative integer/);
    assert.throws(() => assertPs(-1), SimError);
    assert.throws(() => assertPs(Number.NaN), SimError);
  });

  it('gives a clear error past the range', () => {
    assert.throws(() => assertPs(2 ** 60, 'horizon'), /past the range of simulated time/);
    assert.throws(() => secondsToPs(1e5), /past the range/);
  });

  it('converts units', () => {
    assert.equal(secondsToPs(30), 30e12);
    assert.equal(nsToPs(7.6), 7_600);
    assert.equal(psToSeconds(2.5e12), 2.5);
  });

  it('invariant throws a SimError carrying its origin', () => {
    assert.throws(
      () => invariant(false, 'queue empty', { where: 'engine', timePs: 1500, process: 'p' }),
      (e: unknown) =>
        e instanceof SimError && e.message === '[engine, process "p", t=0.0000000015s] invariant violated: queue empty',
    );
  });
});
