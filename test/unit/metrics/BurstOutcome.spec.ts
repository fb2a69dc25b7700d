// The reducers from ps to an outcome's units: summaries in seconds, lock waits by decade, SMT labels.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, lockSummary, smtLabel, summarise, WAIT_BUCKETS } from '../../../src/metrics/index.ts';

describe('BurstOutcome reducers', () => {
  it('an empty histogram summarises to zeros; values are seconds to the µs', () => {
    assert.deepEqual(summarise(new Histogram()), { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 });
    const h = new Histogram();
    h.record(2_000_000_000_000);
    assert.equal(summarise(h).max, 2);
  });

  it('lock waits fall in decade buckets that count every wait once', () => {
    const h = new Histogram();
    const waits = [500_000, 5_000_000, 50_000_000, 500_000_000, 5_000_000_000, 2_000_000_000_000];
    for (const w of waits) h.record(w);
    const s = lockSummary({
      waitHistogram: h,
      holds: waits.length,
      waitPsTotal: waits.reduce((a, b) => a + b, 0),
      waitPsMax: Math.max(...waits),
      holdPsTotal: 6_000_000,
      holdPsMax: 1_000_000,
    });
    assert.equal(s.waitBuckets.length, WAIT_BUCKETS.length);
    assert.deepEqual(s.waitBuckets, [1, 1, 1, 1, 1, 0, 0, 1]);
    assert.equal(s.holdMeanUs, 1);
    assert.equal(s.waitMaxMs, 2000);
  });

  it('SMT labels: on, off, or none on a machine without siblings', () => {
    assert.equal(smtLabel({ smt: true, smtCapable: true }), 'SMT on');
    assert.equal(smtLabel({ smt: false }), 'SMT off');
    assert.equal(smtLabel({ smt: true, smtCapable: false }), 'no SMT');
  });
});
