// What one container-start burst reports (the `run` output, a sweep's rows, the goldens), and the
// pure reducers that turn what was collected in picoseconds into it. Units are converted here, at
// the edge: seconds for starts and reads, µs and ms for lock waits and holds, fractions rounded to
// six decimals.

import { PS_PER_MS, PS_PER_S, PS_PER_US } from '../core/index.ts';
import type { Histogram } from './Histogram.ts';

export interface Summary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Wait times by decade: [<1 µs, 1–10 µs, …, ≥ 1 s]. */
export const WAIT_BUCKETS = ['<1µs', '1–10µs', '10–100µs', '0.1–1ms', '1–10ms', '10–100ms', '0.1–1s', '≥1s'] as const;

export interface LockSummary {
  readonly waitBuckets: readonly number[];
  readonly acquisitions: number;
  readonly waitMeanUs: number;
  readonly waitMaxMs: number;
  readonly holdMeanUs: number;
  readonly holdMaxMs: number;
}

/** Mount propagation in a burst (kernel/PropagationTree): the tree's size and what walking it took. */
export interface PropagationSummary {
  /** Largest peer group of the layers' mount (P) and most slave namespaces (docs/kernel.md) at once. */
  readonly peakPeers: number;
  readonly peakSlaveNamespaces: number;
  /** Nodes walked per attach under a shared mount and per umount (all passes): mean and max. */
  readonly nodesPerMount: { readonly mean: number; readonly max: number };
  readonly nodesPerUmount: { readonly mean: number; readonly max: number };
  /** Share of namespace_sem write hold time spent in attach walks; of mount_lock write time in umount walks. */
  readonly walkShare: { readonly namespaceSemWrite: number; readonly mountLockWrite: number };
}

export interface BurstOutcome {
  readonly machine: string;
  /** SMT as asked (`smt` of the scenario), and whether the machine has SMT siblings at all. */
  readonly smt: boolean;
  readonly smtCapable: boolean;
  readonly containers: number;
  readonly layers: number;
  readonly passes: number;
  readonly strategy: string;
  readonly seed: string;
  readonly syscalls: Record<string, number>;
  readonly mountOps: number;
  readonly startLatencySeconds: Summary;
  /** Start latency at the quantiles 0.05, 0.10, …, 1.00 (seconds), for CDFs. */
  readonly startLatencyQuantiles: readonly number[];
  readonly startSuccessRate: number;
  readonly startsCompleted: number;
  readonly probes: number;
  readonly probeTimeouts: number;
  /** Longest health probe (lookups + a mountinfo read), s; one still running at the end counts as far as it got. */
  readonly probeSecondsMax: number;
  /** Longest read of the host's mountinfo (kernel chunks + parse) by the runtime or a health probe. */
  readonly mountinfoReadSecondsMax: number;
  /** Reads of the host's mountinfo: by the runtime (all starts), by systemd, by health probes. */
  readonly mountinfoReads: { readonly runtime: number; readonly systemd: number; readonly probes: number };
  /**
   * Longest time from a mount event to the end of the systemd rescan that covers it; systemd is
   * followed after the last start until it has caught up (or the horizon).
   */
  readonly systemdBacklogSecondsMax: number;
  readonly spinFraction: number;
  /**
   * Shares of the run's CPU capacity (end × online CPUs): `work + spinWriters + idle = 1` for the
   * burst's own threads. `spinReaders` is the background's path lookups spinning on mount_lock, on
   * CPUs the burst does not schedule: a part of what the burst leaves idle, not a fourth share.
   */
  readonly cpuProfile: {
    readonly work: number;
    readonly spinWriters: number;
    readonly spinReaders: number;
    readonly idle: number;
  };
  readonly contestedFraction: number;
  readonly falseSharingFraction: number;
  readonly lineTransfers: Record<string, number>;
  readonly locks: { readonly mount_lock: LockSummary; readonly namespace_sem: LockSummary };
  readonly mountTablePeak: number;
  readonly propagation: PropagationSummary;
  readonly readersTurnedWriters: number;
  readonly simulatedSeconds: number;
  readonly events: number;
  /** Kernel parameters this run set outside their documented ranges (--allow-out-of-range), if any. */
  readonly outOfRange?: readonly string[];
  /** Set when the run stopped at its first failure (BurstOptions.stopAtFailure): its figures are lower bounds. */
  readonly stoppedAtFailure?: 'starts' | 'probes';
}

/**
 * The one SMT vocabulary: `on`, `off`, or `none` for a machine without siblings (m7a.24xlarge);
 * labels say "SMT on", "SMT off", "no SMT".
 */
export function smtWord(o: { readonly smt: boolean; readonly smtCapable?: boolean }): 'on' | 'off' | 'none' {
  return o.smtCapable === false ? 'none' : o.smt ? 'on' : 'off';
}

/** "SMT on", "SMT off", or "no SMT" for a machine without siblings (results from before smtCapable: on/off). */
export function smtLabel(o: { readonly smt: boolean; readonly smtCapable?: boolean }): string {
  return o.smtCapable === false ? 'no SMT' : `SMT ${o.smt ? 'on' : 'off'}`;
}

/** Start latencies are reported in seconds to the µs. */
const MICROS_PER_SECOND = 1e6;
/** Fractions (and times in seconds of reads and backlogs) to six decimals. */
const FRACTION_DECIMALS = 1e6;
/** Lock waits and holds in µs and ms to three decimals. */
const LOCK_DECIMALS = 1000;

/** ps → seconds. */
export const seconds = (ps: number): number => ps / PS_PER_S;

/** Rounded to six decimals (fractions, seconds). */
export const fraction = (x: number): number => Math.round(x * FRACTION_DECIMALS) / FRACTION_DECIMALS;

/** ps → seconds, to the µs. */
export const secondsToMicros = (ps: number): number => Math.round(seconds(ps) * MICROS_PER_SECOND) / MICROS_PER_SECOND;

/** A histogram of ps as a summary in seconds. */
export function summarise(h: Histogram): Summary {
  if (h.count === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const r = secondsToMicros;
  return { mean: r(h.mean), p50: r(h.quantile(0.5)), p90: r(h.quantile(0.9)), p99: r(h.quantile(0.99)), max: r(h.max) };
}

/** The quantiles 0.05, 0.10, …, 1.00 of a histogram of ps, in seconds (for CDFs). */
export function quantilesOf(h: Histogram, steps = 20): number[] {
  return Array.from({ length: steps }, (_, i) => (h.count === 0 ? 0 : secondsToMicros(h.quantile((i + 1) / steps))));
}

/** What a lock's statistics give its summary (ps). */
export interface LockStatsLike {
  readonly waitHistogram: Histogram;
  readonly holds: number;
  readonly waitPsTotal: number;
  readonly waitPsMax: number;
  readonly holdPsTotal: number;
  readonly holdPsMax: number;
}

export function lockSummary(s: LockStatsLike): LockSummary {
  const us = (ps: number): number => Math.round((ps / PS_PER_US) * LOCK_DECIMALS) / LOCK_DECIMALS;
  const ms = (ps: number): number => Math.round((ps / PS_PER_MS) * LOCK_DECIMALS) / LOCK_DECIMALS;
  return {
    waitBuckets: WAIT_BUCKETS.map((_, i) => {
      const low = i === 0 ? 0 : s.waitHistogram.countBelow(10 ** (i - 1) * PS_PER_US);
      const high =
        i === WAIT_BUCKETS.length - 1 ? s.waitHistogram.count : s.waitHistogram.countBelow(10 ** i * PS_PER_US);
      return high - low;
    }),
    acquisitions: s.holds,
    waitMeanUs: s.holds === 0 ? 0 : us(s.waitPsTotal / s.holds),
    waitMaxMs: ms(s.waitPsMax),
    holdMeanUs: s.holds === 0 ? 0 : us(s.holdPsTotal / s.holds),
    holdMaxMs: ms(s.holdPsMax),
  };
}
