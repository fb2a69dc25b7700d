// Durations at the edge: strings with units in files and flags ("40ns", "2.5us", "30s", "400cyc"),
// integer picoseconds inside. Cycles need a clock, given in Hz.

import { InputError } from './errors.ts';
import { MAX_PS, type Ps } from './time.ts';

/** Picoseconds per unit. `µs` and `us` are the same unit. */
const PS_PER_UNIT: Readonly<Record<string, number>> = {
  ps: 1,
  ns: 1e3,
  us: 1e6,
  µs: 1e6,
  ms: 1e9,
  s: 1e12,
  min: 60e12,
};

/** Units accepted by `parseDuration`, for error messages and docs. */
export const DURATION_UNITS: readonly string[] = [...Object.keys(PS_PER_UNIT), 'cyc'];

const DURATION_PATTERN = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*([a-zµ]+)\s*$/i;

export interface DurationContext {
  /** Clock in Hz, needed to convert `cyc`. */
  readonly clockHz?: number;
  /** File the string came from, for errors. */
  readonly file?: string;
  /** JSON path of the field (or flag name), for errors. */
  readonly path?: string;
}

/**
 * Parses a duration with a unit into integer picoseconds, rounding to the nearest picosecond.
 * `"400cyc"` converts with `context.clockHz`. Negative values, missing units, unknown units and
 * values past the simulated-time range are an `InputError` naming the file and path.
 */
export function parseDuration(text: string, context: DurationContext = {}): Ps {
  const at = {
    ...(context.file !== undefined && { file: context.file }),
    ...(context.path !== undefined && { path: context.path }),
  };
  const match = DURATION_PATTERN.exec(text);
  if (match === null) {
    throw new InputError(
      `expected a duration such as "40ns", "2.5us", "30s" or "400cyc" (units: ${DURATION_UNITS.join(', ')}), got ${JSON.stringify(text)}`,
      at,
    );
  }
  const mantissa = Number(match[1]);
  const exponent = match[2] === undefined ? 0 : Number(match[2]);
  const value = mantissa * 10 ** exponent;
  const unit = (match[3] ?? '').toLowerCase();
  let psPerUnit: number;
  if (unit === 'cyc') {
    const clockHz = context.clockHz;
    if (clockHz === undefined || !(clockHz > 0) || !Number.isFinite(clockHz)) {
      throw new InputError(
        `${JSON.stringify(text)} is in cycles, which needs a clock frequency, and none is known here`,
        at,
      );
    }
    psPerUnit = 1e12 / clockHz;
  } else {
    const known = PS_PER_UNIT[unit];
    if (known === undefined) {
      throw new InputError(
        `unknown unit "${match[3]}" in ${JSON.stringify(text)}; allowed: ${DURATION_UNITS.join(', ')}`,
        at,
      );
    }
    psPerUnit = known;
  }
  const ps = Math.round(value * psPerUnit);
  if (!Number.isSafeInteger(ps) || ps > MAX_PS) {
    throw new InputError(`${JSON.stringify(text)} is past the range of simulated time (at most ≈ 9007s)`, at);
  }
  return ps;
}

/**
 * Formats picoseconds with the largest unit that keeps the number at or above 1, with up to
 * `digits` significant digits: 40000 → "40ns", 2.5e12 → "2.5s".
 */
export function formatDuration(ps: Ps, digits = 4): string {
  if (ps === 0) return '0s';
  const units: readonly [string, number][] = [
    ['s', 1e12],
    ['ms', 1e9],
    ['us', 1e6],
    ['ns', 1e3],
    ['ps', 1],
  ];
  for (const [unit, size] of units) {
    if (Math.abs(ps) >= size) return `${Number((ps / size).toPrecision(digits))}${unit}`;
  }
  return `${ps}ps`;
}
