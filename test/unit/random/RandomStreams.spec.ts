import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  constant,
  empirical,
  exponential,
  lognormal,
  lognormalFromMeanCv,
  normal,
  RandomStreams,
  uniform,
} from '../../../src/random/index.ts';

const draws = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
const mean = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0) / xs.length;
const variance = (xs: readonly number[]): number => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('RandomStreams', () => {
  it('same run seed and name → the same sequence', () => {
    const a = new RandomStreams(42).stream('reader-7');
    const b = new RandomStreams(42).stream('reader-7');
    assert.deepEqual(
      draws(100, () => a.next()),
      draws(100, () => b.next()),
    );
  });

  it('adding an entity does not perturb the others', () => {
    const alone = new RandomStreams(5);
    const crowded = new RandomStreams(5);
    const first = alone.stream('writer');
    crowded.stream('intruder').next();
    const second = crowded.stream('writer');
    crowded.stream('another').next();
    assert.deepEqual(
      draws(50, () => first.next()),
      draws(50, () => second.next()),
    );
  });

  it('different names and different seeds give different streams', () => {
    const s = new RandomStreams(1);
    assert.notDeepEqual(
      draws(5, () => s.stream('a').next()),
      draws(5, () => s.stream('b').next()),
    );
    assert.notDeepEqual(
      draws(5, () => new RandomStreams(1).stream('a').next()),
      draws(5, () => new RandomStreams(2).stream('a').next()),
    );
  });

  it('uniforms lie in [0, 1) with mean ½ and variance 1/12', () => {
    const s = new RandomStreams(3).stream('u');
    const xs = draws(200_000, () => s.next());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    assert.ok(Math.abs(mean(xs) - 0.5) < 0.003);
    assert.ok(Math.abs(variance(xs) - 1 / 12) < 0.001);
  });

  it('integer(low, high) covers the inclusive range uniformly', () => {
    const s = new RandomStreams(3).stream('i');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const k = s.integer(0, 3);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 400, String(counts));
  });
});

describe('distributions (200k draws, seed 9: means within 1%, dispersion within 3%)', () => {
  const s = new RandomStreams(9).stream('d');
  const check = (name: string, xs: number[], m: number, v: number): void => {
    assert.ok(Math.abs(mean(xs) - m) <= 0.01 * Math.abs(m) + 1e-9, `${name}: mean ${mean(xs)} vs ${m}`);
    assert.ok(Math.abs(variance(xs) - v) <= 0.03 * v + 1e-9, `${name}: variance ${variance(xs)} vs ${v}`);
  };
  it('exponential', () =>
    check(
      'exponential',
      draws(200_000, () => exponential(4).sample(s)),
      4,
      16,
    ));
  it('uniform', () =>
    check(
      'uniform',
      draws(200_000, () => uniform(2, 8).sample(s)),
      5,
      3,
    ));
  it('normal', () =>
    check(
      'normal',
      draws(200_000, () => normal(10, 2).sample(s)),
      10,
      4,
    ));
  it('lognormal', () => {
    const d = lognormal(0.5, 0.4);
    const v = (Math.exp(0.16) - 1) * Math.exp(1 + 0.16);
    check(
      'lognormal',
      draws(200_000, () => d.sample(s)),
      d.mean,
      v,
    );
  });
  it('lognormal from mean and cv', () => {
    const d = lognormalFromMeanCv(2_000, 0.5);
    check(
      'lognormalFromMeanCv',
      draws(200_000, () => d.sample(s)),
      2_000,
      (0.5 * 2_000) ** 2,
    );
  });
  it('constant', () =>
    assert.deepEqual(
      draws(3, () => constant(7).sample(s)),
      [7, 7, 7],
    ));
  it('empirical, interpolated: stays within the data and has the trapezoid mean', () => {
    const d = empirical([1, 2, 4, 10]);
    const xs = draws(200_000, () => d.sample(s));
    assert.ok(xs.every((x) => x >= 1 && x <= 10));
    assert.ok(Math.abs(mean(xs) - d.mean) < 0.01 * d.mean, `${mean(xs)} vs ${d.mean}`);
    assert.equal(d.mean, (1.5 + 3 + 7) / 3);
  });
  it('empirical, weighted: resamples values in proportion to weights', () => {
    const d = empirical([10, 20], { weights: [3, 1] });
    const xs = draws(100_000, () => d.sample(s));
    const share = xs.filter((x) => x === 10).length / xs.length;
    assert.ok(Math.abs(share - 0.75) < 0.01, String(share));
    assert.equal(d.mean, 12.5);
  });
  it('rejects bad parameters with a clear message', () => {
    assert.throws(() => exponential(0), /exponential mean must be a positive/);
    assert.throws(() => uniform(3, 1), /low ≤ high/);
    assert.throws(() => empirical([]), /at least one value/);
    assert.throws(() => empirical([1, 2], { weights: [1] }), /expected 2 weights/);
  });
});
