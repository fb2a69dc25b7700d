// Distributions as values: what a model parameter holds ("hold time ~ lognormal, mean 2us, cv 0.5"),
// with its mean for analytic checks and a description for reports. Each samples from a stream.

import { InputError } from '../core/index.ts';
import type { RandomStream } from './RandomStream.ts';

/** A probability law on the reals (durations in picoseconds, rates, sizes …). */
export interface Distribution {
  /** One draw from `stream`. */
  sample(stream: RandomStream): number;
  /** The exact mean of the law. */
  readonly mean: number;
  /** A short human description, e.g. `exponential(mean=2000)`. */
  describe(): string;
}

function requirePositive(value: number, what: string): void {
  if (!(value > 0) || !Number.isFinite(value))
    throw new InputError(`${what} must be a positive finite number, got ${value}`);
}

function requireNonNegative(value: number, what: string): void {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new InputError(`${what} must be a non-negative finite number, got ${value}`);
}

/** Always `value`. */
export function constant(value: number): Distribution {
  requireNonNegative(value, 'constant value');
  return { sample: () => value, mean: value, describe: () => `constant(${value})` };
}

/** Exponential with mean `mean` (rate 1/mean). */
export function exponential(mean: number): Distribution {
  requirePositive(mean, 'exponential mean');
  return { sample: (s) => s.exponential(mean), mean, describe: () => `exponential(mean=${mean})` };
}

/** Uniform on [low, high). */
export function uniform(low: number, high: number): Distribution {
  if (!(high >= low) || !Number.isFinite(low) || !Number.isFinite(high)) {
    throw new InputError(`uniform needs finite low ≤ high, got low=${low}, high=${high}`);
  }
  return { sample: (s) => s.uniform(low, high), mean: (low + high) / 2, describe: () => `uniform(${low}, ${high})` };
}

/** Normal(mean, sd). Unbounded: use for quantities that may go negative, or clamp at the caller. */
export function normal(mean: number, sd: number): Distribution {
  requireNonNegative(sd, 'normal sd');
  return { sample: (s) => s.normal(mean, sd), mean, describe: () => `normal(mean=${mean}, sd=${sd})` };
}

/** Lognormal with log-space parameters mu, sigma: mean = exp(mu + sigma²/2). */
export function lognormal(mu: number, sigma: number): Distribution {
  requireNonNegative(sigma, 'lognormal sigma');
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  return { sample: (s) => s.lognormal(mu, sigma), mean, describe: () => `lognormal(mu=${mu}, sigma=${sigma})` };
}

/**
 * Lognormal given its mean and coefficient of variation (sd/mean), the way hold times are quoted:
 * sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2.
 */
export function lognormalFromMeanCv(mean: number, cv: number): Distribution {
  requirePositive(mean, 'lognormal mean');
  requireNonNegative(cv, 'lognormal cv');
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  const sigma = Math.sqrt(sigma2);
  return { sample: (s) => s.lognormal(mu, sigma), mean, describe: () => `lognormal(mean=${mean}, cv=${cv})` };
}

/**
 * Empirical law from observed values. With `interpolate` (default) it samples the piecewise-linear
 * inverse of the sorted sample's CDF (a continuous law between min and max); otherwise it resamples
 * the observations, each with probability weight/Σweights.
 */
export function empirical(
  values: readonly number[],
  options: { weights?: readonly number[]; interpolate?: boolean } = {},
): Distribution {
  if (values.length === 0) throw new InputError('empirical distribution needs at least one value');
  for (const v of values) if (!Number.isFinite(v)) throw new InputError(`empirical value must be finite, got ${v}`);
  const weights = options.weights;
  if (weights !== undefined) {
    if (weights.length !== values.length) {
      throw new InputError(`empirical weights: expected ${values.length} weights, got ${weights.length}`);
    }
    for (const w of weights) requireNonNegative(w, 'empirical weight');
  }
  const interpolate = options.interpolate ?? weights === undefined;
  if (interpolate) {
    if (weights !== undefined) throw new InputError('empirical: weights and interpolate cannot be combined');
    const sorted = [...values].sort((a, b) => a - b);
    const n = sorted.length;
    // Mean of the piecewise-linear quantile function over [0,1]: trapezoids between order statistics.
    let mean = sorted[0] ?? 0;
    if (n > 1) {
      mean = 0;
      for (let i = 0; i + 1 < n; i++) mean += ((sorted[i] ?? 0) + (sorted[i + 1] ?? 0)) / 2;
      mean /= n - 1;
    }
    return {
      sample(s) {
        if (n === 1) return sorted[0] ?? 0;
        const position = s.next() * (n - 1);
        const i = Math.floor(position);
        const lo = sorted[i] ?? 0;
        const hi = sorted[i + 1] ?? lo;
        return lo + (hi - lo) * (position - i);
      },
      mean,
      describe: () => `empirical(n=${n}, interpolated)`,
    };
  }
  const w = weights ?? values.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  requirePositive(total, 'empirical total weight');
  const cumulative: number[] = [];
  let acc = 0;
  let mean = 0;
  for (let i = 0; i < values.length; i++) {
    acc += (w[i] ?? 0) / total;
    cumulative.push(acc);
    mean += ((w[i] ?? 0) / total) * (values[i] ?? 0);
  }
  return {
    sample(s) {
      const u = s.next();
      // Binary search for the first cumulative weight above u.
      let lo = 0;
      let hi = cumulative.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((cumulative[mid] ?? 1) > u) hi = mid;
        else lo = mid + 1;
      }
      return values[lo] ?? 0;
    },
    mean,
    describe: () => `empirical(n=${values.length}, discrete)`,
  };
}
