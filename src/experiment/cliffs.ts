// Cliff detection on a grid of loads: for each combination of the non-load dimensions and each seed,
// the smallest load at which the run fails (FailureCriterion). Across seeds: the median, and a t-based
// 95% interval of the per-seed cliffs (seeds without a cliff in the swept range count as "beyond the
// range" and make the interval open above). Which criterion failed first: those that fail at the
// cliff load of any seed.

import {
  type FailedBy,
  type FailureCriterion,
  describeCriterion,
  verdictOf,
  type VerdictInput,
} from './FailureCriterion.ts';

export interface CliffRow {
  readonly load: number;
  readonly seed: string;
  readonly outcome: VerdictInput;
}

export interface CliffResult {
  /** The combination's fields (machine, smt, strategy, …). */
  readonly combination: Readonly<Record<string, string>>;
  /** Median over seeds of the per-seed cliff, or null when most seeds have none in the range. */
  readonly cliffContainers: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly criterion: string;
  /** The criteria that failed at the cliff (first): starts, probes or both. */
  readonly failedBy: readonly FailedBy[];
  readonly perSeed: readonly (number | null)[];
  readonly maxLoad: number;
  /** Cliff searches only: the loads run and seeds per load, whether the outcome was monotone in the load. */
  readonly search?: {
    readonly loads: readonly { readonly load: number; readonly seeds: number; readonly failed: boolean }[];
    readonly monotone: boolean;
    readonly uncertain: readonly number[];
  };
}

const T95: readonly number[] = [Number.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** The smallest failing load of one seed's rows, and the criteria that failed there. */
export function cliffOf(
  rows: readonly CliffRow[],
  c: FailureCriterion,
): { load: number; by: readonly FailedBy[] } | null {
  const sorted = [...rows].sort((a, b) => a.load - b.load);
  for (const r of sorted) {
    const v = verdictOf(r.outcome, c);
    if (v.failed) return { load: r.load, by: v.by };
  }
  return null;
}

export function detectCliffs(
  groups: ReadonlyMap<string, { combination: Record<string, string>; rows: CliffRow[] }>,
  c: FailureCriterion,
): CliffResult[] {
  const out: CliffResult[] = [];
  const criterion = describeCriterion(c);
  for (const { combination, rows } of groups.values()) {
    const seeds = [...new Set(rows.map((r) => r.seed))];
    const maxLoad = Math.max(...rows.map((r) => r.load));
    const cliffs = seeds.map((s) =>
      cliffOf(
        rows.filter((r) => r.seed === s),
        c,
      ),
    );
    const perSeed = cliffs.map((x) => (x === null ? null : x.load));
    const failedBy = [...new Set(cliffs.flatMap((x) => (x === null ? [] : x.by)))].sort();
    const found = perSeed.filter((x): x is number => x !== null).sort((a, b) => a - b);
    if (found.length * 2 <= perSeed.length) {
      out.push({
        combination,
        cliffContainers: null,
        low: found[0] ?? null,
        high: null,
        criterion,
        failedBy,
        perSeed,
        maxLoad,
      });
      continue;
    }
    // Seeds without a cliff sit above the range: the median is taken with them placed there.
    const all = perSeed.map((x) => x ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
    const mid = all.length >> 1;
    const median = all.length % 2 === 1 ? (all[mid] as number) : ((all[mid - 1] as number) + (all[mid] as number)) / 2;
    let low = found[0] as number;
    let high: number | null = found.length === perSeed.length ? (found.at(-1) as number) : null;
    if (found.length === perSeed.length && found.length >= 2) {
      const mean = found.reduce((a, b) => a + b, 0) / found.length;
      const sd = Math.sqrt(found.reduce((a, b) => a + (b - mean) ** 2, 0) / (found.length - 1));
      const t = T95[Math.min(found.length - 1, T95.length - 1)] as number;
      low = Math.max(0, mean - (t * sd) / Math.sqrt(found.length));
      high = mean + (t * sd) / Math.sqrt(found.length);
    }
    out.push({
      combination,
      cliffContainers: Number.isFinite(median) ? median : null,
      low: Math.round(low * 10) / 10,
      high: high === null ? null : Math.round(high * 10) / 10,
      criterion,
      failedBy,
      perSeed,
      maxLoad,
    });
  }
  return out;
}
