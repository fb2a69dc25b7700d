// Waits and holds of one kernel lock, collected as they happen (ps): a wait histogram, counts, totals
// and maxima. Reduced to an outcome's lock summary by the workload, in the units it reports.

import { Histogram } from '../metrics/index.ts';

export interface LockStats {
  readonly waitHistogram: Histogram;
  waits: number;
  waitPsTotal: number;
  waitPsMax: number;
  holds: number;
  holdPsTotal: number;
  holdPsMax: number;
}

export function newLockStats(): LockStats {
  return {
    waitHistogram: new Histogram(),
    waits: 0,
    waitPsTotal: 0,
    waitPsMax: 0,
    holds: 0,
    holdPsTotal: 0,
    holdPsMax: 0,
  };
}

/** Records one hold: how long it waited for the lock, how long it held it. */
export function recordHold(stats: LockStats, waitPs: number, holdPs: number): void {
  stats.waitHistogram.record(waitPs);
  stats.waits++;
  stats.waitPsTotal += waitPs;
  if (waitPs > stats.waitPsMax) stats.waitPsMax = waitPs;
  stats.holds++;
  stats.holdPsTotal += holdPs;
  if (holdPs > stats.holdPsMax) stats.holdPsMax = holdPs;
}
