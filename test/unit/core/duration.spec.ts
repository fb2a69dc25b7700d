import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, InputError, parseDuration } from '../../../src/core/index.ts';
import { fc } from '../../support/fastCheck.ts';

describe('parseDuration', () => {
  it('parses each unit into integer picoseconds', () => {
    assert.equal(parseDuration('40ns'), 40_000);
    assert.equal(parseDuration('2.5us'), 2_500_000);
    assert.equal(parseDuration('2.5µs'), 2_500_000);
    assert.equal(parseDuration('30s'), 30e12);
    assert.equal(parseDuration('7ps'), 7);
    assert.equal(parseDuration('1.5ms'), 1.5e9);
    assert.equal(parseDuration('2min'), 120e12);
    assert.equal(parseDuration(' 1e3 ns '), 1_000_000);
    assert.equal(parseDuration('.5ns'), 500);
  });

  it('converts cycles with a clock, rounding to the nearest picosecond', () => {
    assert.equal(parseDuration('400cyc', { clockHz: 2.5e9 }), 160_000);
    assert.equal(parseDuration('1cyc', { clockHz: 3e9 }), 333);
  });

  it('refuses cycles without a clock, naming the file and path', () => {
    assert.throws(
      () => parseDuration('400cyc', { file: 'x.yaml', path: 'lock.cs' }),
      (e: unknown) =>
        e instanceof InputError && e.message.startsWith('x.yaml: lock.cs: ') && /needs a clock/.test(e.message),
    );
  });

  it('refuses bad text with the allowed units in the message', () => {
    for (const bad of ['fifty', '40', 'ns', '-3ns', '4 parsecs', '']) {
      assert.throws(
        () => parseDuration(bad),
        (e: unknown) => e instanceof InputError && /units?/.test(e.message),
        bad,
      );
    }
  });

  it('refuses values past the simulated-time range', () => {
    assert.throws(() => parseDuration('10000s'), /past the range/);
  });

  it('formatDuration and parseDuration round-trip to within the printed precision', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9e15 }), (ps) => {
        const back = parseDuration(formatDuration(ps, 15));
        assert.ok(Math.abs(back - ps) <= Math.max(1, ps * 1e-12), `${ps} → ${formatDuration(ps, 15)} → ${back}`);
      }),
    );
  });
});
