// Simulated time: an integer number of picoseconds in a JS number, exact up to 2^53 ps ≈ 2.5 hours.

import { SimError } from './errors.ts';

/** A time or duration in integer picoseconds. A plain number, so arithmetic stays fast. */
export type Ps = number;

export const PS_PER_NS = 1_000;
export const PS_PER_US = 1_000_000;
export const PS_PER_MS = 1_000_000_000;
export const PS_PER_S = 1_000_000_000_000;

/** The largest representable time: 2^53 − 1 ps ≈ 9007 s of simulated time. */
export const MAX_PS: Ps = Number.MAX_SAFE_INTEGER;

/**
 * Checks that `value` is a usable picosecond count (a non-negative safe integer) and returns it.
 * @param what names the quantity in the error, e.g. `delay of process "reader-3"`.
 */
export function assertPs(value: number, what = 'time'): Ps {
  if (!Number.isSafeInteger(value) || value < 0) {
    if (Number.isFinite(value) && Math.abs(value) > MAX_PS) {
      throw new SimError(
        `${what} = ${value} ps is past the range of simulated time (at most ${MAX_PS} ps ≈ ${Math.floor(MAX_PS / PS_PER_S)} s)`,
        { where: 'time' },
      );
    }
    throw new SimError(`${what} must be a non-negative integer number of picoseconds, got ${value}`, {
      where: 'time',
    });
  }
  return value;
}

/** Converts seconds (a float) to picoseconds, rounding to the nearest picosecond and checking range. */
export function secondsToPs(seconds: number, what = 'duration'): Ps {
  return assertPs(Math.round(seconds * PS_PER_S), what);
}

/** Converts nanoseconds (a float) to picoseconds, rounding to the nearest picosecond. */
export function nsToPs(ns: number, what = 'duration'): Ps {
  return assertPs(Math.round(ns * PS_PER_NS), what);
}

/** Picoseconds to seconds, as a float: for reports only. */
export function psToSeconds(ps: Ps): number {
  return ps / PS_PER_S;
}

/** Picoseconds to nanoseconds, as a float: for reports only. */
export function psToNs(ps: Ps): number {
  return ps / PS_PER_NS;
}
