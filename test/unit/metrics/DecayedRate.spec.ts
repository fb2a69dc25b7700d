import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecayedRate } from '../../../src/metrics/index.ts';
import { RandomStreams } from '../../../src/random/index.ts';

describe('DecayedRate', () => {
  it('is unbiased for a Poisson stream (mean of the estimate seen at the events ≈ λ, within 3%)', () => {
    const s = new RandomStreams('decayed-rate').stream('gaps');
    for (const ratePerUs of [0.01, 0.1, 1]) {
      const tau = 50e6; // 50 µs in ps
      const r = new DecayedRate(tau);
      let t = 0;
      let sum = 0;
      let n = 0;
      for (let i = 0; i < 200_000; i++) {
        t += s.exponential(1e6 / ratePerUs);
        // Sampled just before each event (what an arrival sees): the Palm mean equals λ for Poisson.
        if (i > 1000) {
          sum += r.valueAt(t) * 1e6;
          n++;
        }
        r.event(t);
      }
      const mean = sum / n;
      assert.ok(Math.abs(mean / ratePerUs - 1) < 0.03, `λ ${ratePerUs}/µs: estimate ${mean.toFixed(4)}/µs`);
    }
  });

  it('follows a change of rate within a few time constants and decays to zero without events', () => {
    const r = new DecayedRate(10);
    for (let t = 0; t <= 1000; t += 1) r.event(t);
    assert.ok(Math.abs(r.valueAt(1000) - 1) < 0.06, `${r.valueAt(1000)}`);
    assert.ok(r.valueAt(1100) < 1e-4);
    assert.throws(() => new DecayedRate(0), /positive/);
  });
});
