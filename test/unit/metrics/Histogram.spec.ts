// The log-linear histogram: every value lands in the bucket whose bounds contain it, buckets are
// ordered like their values, and quantiles are exact to within a bucket (1/64 of the value).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram } from '../../../src/metrics/index.ts';
import { fc } from '../../support/fastCheck.ts';

const value = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.double({ min: 0, max: 1e18, noNaN: true }),
  // Around the powers of two, where the exponent changes (2^31 and 2^32 split the fast path).
  fc.tuple(fc.integer({ min: 6, max: 60 }), fc.integer({ min: -2, max: 2 })).map(([e, d]) => Math.max(0, 2 ** e + d)),
);

describe('Histogram', () => {
  it('puts every value in the bucket whose bounds contain it', () => {
    fc.assert(
      fc.property(value, (v) => {
        const [low, high] = Histogram.boundsOf(Histogram.bucketOf(v));
        assert.ok(low <= v && v < high, `${v} in [${low}, ${high})`);
      }),
    );
  });

  it('orders buckets like their values', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        if (a < b) assert.ok(Histogram.bucketOf(a) <= Histogram.bucketOf(b), `${a} < ${b}`);
      }),
    );
  });

  it('gives quantiles within 1/64 of the exact ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 45 }), { minLength: 1, maxLength: 200 }), (xs) => {
        const h = new Histogram();
        for (const x of xs) h.record(x);
        const sorted = [...xs].sort((a, b) => a - b);
        for (const q of [0.5, 0.9, 0.99]) {
          const exact = sorted[Math.max(0, Math.ceil(q * xs.length) - 1)] as number;
          assert.ok(Math.abs(h.quantile(q) - exact) <= exact / 64 + 1, `q${q}: ${h.quantile(q)} vs ${exact}`);
        }
        assert.equal(h.count, xs.length);
      }),
    );
  });

  it('refuses values it cannot place', () => {
    const h = new Histogram();
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 64])
      assert.throws(() => h.record(bad), RangeError);
  });
});
