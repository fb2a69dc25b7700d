// The cliff question answered by search, not by grid: per series (a combination of the non-load
// dimensions), the smallest load at which runs fail (FailureCriterion).
//
// 1. Scan: `scanPoints` loads spread evenly over [LO, HI] (both ends included). The top says whether
//    there is a cliff in range at all; a pass above a failure marks the series as not monotone.
// 2. Bisect between the highest passing scan load below the first failure and that failure, until
//    the bracket is no wider than `resolution`.
// Each load is decided by a sequential test over the seeds: after two seeds (or one, if only one is
// given) a load is decided when every seed agrees and the t-interval of the runs' margin (how far each
// is from failing: ≥ 1 fails) at the given confidence excludes 1; otherwise one more seed runs, up to
// all of them, and a split is decided by majority (ties fail) and reported as undecided.
//
// Searches run in rounds: each round asks every unfinished series for its next runs, runs them all on
// the pool, then lets each series decide. The rounds, and so the results, depend only on the outcomes,
// never on the parallelism.

import { type FailedBy, type FailureCriterion, verdictOf, type VerdictInput } from './FailureCriterion.ts';

export interface SearchOptions {
  readonly lo: number;
  readonly hi: number;
  /** The seeds a load may use, in order. */
  readonly seeds: readonly string[];
  /** Confidence of each decision (two-sided t-interval of the margin). */
  readonly confidence: number;
  /** Stop bisecting when the bracket is this narrow (containers). */
  readonly resolution: number;
  /** Loads of the first scan, LO and HI included. */
  readonly scanPoints: number;
  readonly criterion: FailureCriterion;
}

/** A run the search asks for. */
export interface SearchRequest {
  readonly load: number;
  readonly seed: string;
}

interface LoadState {
  readonly runs: {
    readonly seed: string;
    readonly failed: boolean;
    readonly by: readonly FailedBy[];
    readonly margin: number;
  }[];
  decision: boolean | null;
  uncertain: boolean;
}

/** Two-sided Student t quantiles for confidence 0.8, 0.9, 0.95, 0.99 by degrees of freedom 1…10 (then ∞). */
const T_TABLE: Readonly<Record<string, readonly number[]>> = {
  '0.8': [3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372, 1.282],
  '0.9': [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.645],
  '0.95': [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 1.96],
  '0.99': [63.657, 9.925, 5.841, 4.604, 4.032, 3.707, 3.499, 3.355, 3.25, 3.169, 2.576],
};
export const CONFIDENCES = Object.keys(T_TABLE).map(Number);

function tQuantile(confidence: number, df: number): number {
  const row = T_TABLE[String(confidence)];
  if (row === undefined) throw new Error(`confidence ${confidence}: one of ${CONFIDENCES.join(', ')}`);
  return row[Math.min(df, row.length) - 1] as number;
}

/** The search of one series. */
export class SeriesSearch {
  readonly o: SearchOptions;
  private readonly loads = new Map<number, LoadState>();
  private phase: 'scan' | 'bisect' | 'done' = 'scan';
  private readonly scan: number[];
  /** The bisection bracket: highest passing, lowest failing load. */
  private pass = Number.NaN;
  private fail = Number.NaN;
  monotone = true;

  constructor(o: SearchOptions) {
    this.o = o;
    const n = Math.max(2, o.scanPoints);
    const pts = Array.from({ length: n }, (_, i) => Math.round(o.lo + ((o.hi - o.lo) * i) / (n - 1)));
    this.scan = [...new Set(pts)].sort((a, b) => a - b);
  }

  get done(): boolean {
    return this.phase === 'done';
  }

  /** The runs this series needs next (empty when done). */
  requests(): SearchRequest[] {
    if (this.phase === 'scan') return this.scan.flatMap((l) => this.nextSeeds(l));
    if (this.phase === 'bisect') return this.nextSeeds(this.mid());
    return [];
  }

  /** A run's outcome. */
  accept(load: number, seed: string, outcome: VerdictInput): void {
    const v = verdictOf(outcome, this.o.criterion);
    this.state(load).runs.push({ seed, failed: v.failed, by: v.by, margin: v.margin });
  }

  /** After a round: decide what can be decided and move on. */
  advance(): void {
    if (this.phase === 'scan') {
      for (const l of this.scan) this.decide(l);
      if (this.scan.some((l) => this.state(l).decision === null)) return;
      const first = this.scan.findIndex((l) => this.state(l).decision === true);
      if (first >= 0 && this.scan.slice(first).some((l) => this.state(l).decision === false)) this.monotone = false;
      if (first <= 0) {
        this.phase = 'done';
        if (first === 0) this.fail = this.scan[0] as number;
        return;
      }
      this.pass = this.scan[first - 1] as number;
      this.fail = this.scan[first] as number;
      this.phase = 'bisect';
    } else if (this.phase === 'bisect') {
      const m = this.mid();
      this.decide(m);
      const d = this.state(m).decision;
      if (d === null) return;
      if (d) this.fail = m;
      else this.pass = m;
    }
    if (this.phase === 'bisect' && this.fail - this.pass <= this.o.resolution) this.phase = 'done';
  }

  /** The search's answer: the cliff (smallest failing load found) and its bracket, or none up to HI. */
  result(): {
    cliff: number | null;
    low: number | null;
    high: number | null;
    failedBy: FailedBy[];
    loads: { load: number; seeds: number; failed: boolean }[];
    uncertain: number[];
  } {
    const loads = [...this.loads.entries()]
      .filter(([, s]) => s.decision !== null)
      .sort(([a], [b]) => a - b)
      .map(([load, s]) => ({ load, seeds: s.runs.length, failed: s.decision === true }));
    const uncertain = [...this.loads.entries()]
      .filter(([, s]) => s.uncertain)
      .map(([l]) => l)
      .sort((a, b) => a - b);
    if (Number.isNaN(this.fail)) return { cliff: null, low: null, high: null, failedBy: [], loads, uncertain };
    const at = this.state(this.fail).runs.filter((r) => r.failed);
    const failedBy = [...new Set(at.flatMap((r) => r.by))].sort();
    return {
      cliff: this.fail,
      low: Number.isNaN(this.pass) ? null : this.pass,
      high: this.fail,
      failedBy,
      loads,
      uncertain,
    };
  }

  private mid(): number {
    return Math.floor((this.pass + this.fail) / 2);
  }

  private state(load: number): LoadState {
    let s = this.loads.get(load);
    if (s === undefined) {
      s = { runs: [], decision: null, uncertain: false };
      this.loads.set(load, s);
    }
    return s;
  }

  /** Seeds still to run at `load` before it can be decided: two at first, then one at a time. */
  private nextSeeds(load: number): SearchRequest[] {
    const s = this.state(load);
    if (s.decision !== null) return [];
    const want = s.runs.length === 0 ? Math.min(2, this.o.seeds.length) : s.runs.length + 1;
    return this.o.seeds.slice(s.runs.length, want).map((seed) => ({ load, seed }));
  }

  private decide(load: number): void {
    const s = this.state(load);
    if (s.decision !== null || s.runs.length === 0) return;
    const fails = s.runs.filter((r) => r.failed).length;
    const n = s.runs.length;
    const agree = fails === 0 || fails === n;
    if (agree && (n >= 2 || this.o.seeds.length === 1) && this.excludesOne(s)) {
      s.decision = fails === n;
      return;
    }
    if (n >= this.o.seeds.length) {
      s.decision = fails * 2 >= n;
      s.uncertain = !agree || !this.excludesOne(s);
    }
  }

  /**
   * Whether the t-interval of the margins at the confidence lies on one side of the failure line:
   * entirely at or above 1 (a failure's margin is ≥ 1) or entirely below it.
   */
  private excludesOne(s: LoadState): boolean {
    const n = s.runs.length;
    const mean = s.runs.reduce((a, r) => a + r.margin, 0) / n;
    if (n === 1) return true;
    const sd = Math.sqrt(s.runs.reduce((a, r) => a + (r.margin - mean) ** 2, 0) / (n - 1));
    const half = (tQuantile(this.o.confidence, n - 1) * sd) / Math.sqrt(n);
    return mean - half >= 1 || mean + half < 1;
  }
}
