// One seeded stream of uniform numbers, on seedrandom's Alea generator (fast: a few ns a draw; the
// default ARC4 generator would halve the engine's speed). Sampling methods for the common laws sit
// here so the hot path pays one method call, not a distribution object's dispatch.

import seedrandom from 'seedrandom';

/** A seeded stream. Same seed string → the same sequence, bit for bit, on every platform. */
export class RandomStream {
  /** The seed string this stream was built from (run seed + entity name). */
  readonly seed: string;
  private readonly prng: () => number;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spareNormal = Number.NaN;

  constructor(seed: string) {
    this.seed = seed;
    this.prng = seedrandom.alea(seed);
  }

  /** Uniform on [0, 1), 32 bits of resolution (Alea's native output). */
  next(): number {
    return this.prng();
  }

  /** Uniform on [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.prng();
  }

  /** Uniform integer in [low, high] inclusive. */
  integer(low: number, high: number): number {
    return low + Math.floor((high - low + 1) * this.prng());
  }

  /**
   * Exponential with the given mean, by inversion: −mean·ln(1 − U). U < 1 so the log is finite;
   * the 2^−32 resolution of U caps a draw at ≈ 22.2 means, which no queueing result here notices.
   */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.prng());
  }

  /** Normal(mean, sd) by the Box–Muller transform, caching the second variate of each pair. */
  normal(mean: number, sd: number): number {
    let z = this.spareNormal;
    if (Number.isNaN(z)) {
      // u1 in (0, 1] keeps the log finite.
      const u1 = 1 - this.prng();
      const u2 = this.prng();
      const radius = Math.sqrt(-2 * Math.log(u1));
      const angle = 2 * Math.PI * u2;
      z = radius * Math.cos(angle);
      this.spareNormal = radius * Math.sin(angle);
    } else {
      this.spareNormal = Number.NaN;
    }
    return mean + sd * z;
  }

  /** Lognormal: exp(Normal(mu, sigma)), where mu and sigma are the log-space parameters. */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
}
