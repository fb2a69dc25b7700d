// Cliff detection: for each combination of the non-load dimensions and each seed, the smallest load
// at which the start success rate falls below a threshold or the p99 start latency reaches the
// deadline. Across seeds: the median, and a t-based 95% interval of the per-seed cliffs (seeds
// without a cliff in the swept range count as "beyond the range" and make the interval open above).

export interface CliffRow {
  readonly load: number;
  readonly seed: string;
  readonly successRate: number;
  readonly p99Seconds: number;
}

export interface CliffResult {
  /** The combination's fields (machine, smt, strategy, …). */
  readonly combination: Readonly<Record<string, string>>;
  /** Median over seeds of the per-seed cliff, or null when most seeds have none in the range. */
  readonly cliffContainers: number | null;
  readonly low: number | null;
  readonly high: number | null;
  readonly criterion: string;
  readonly perSeed: readonly (number | null)[];
  readonly maxLoad: number;
}

const T95: readonly number[] = [Number.NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

export function cliffOf(rows: readonly CliffRow[], threshold: number, deadlineSeconds: number): number | null {
  const sorted = [...rows].sort((a, b) => a.load - b.load);
  for (const r of sorted) if (r.successRate < threshold || r.p99Seconds >= deadlineSeconds) return r.load;
  return null;
}

export function detectCliffs(
  groups: ReadonlyMap<string, { combination: Record<string, string>; rows: CliffRow[] }>,
  threshold: number,
  deadlineSeconds: number,
): CliffResult[] {
  const out: CliffResult[] = [];
  const criterion = `success rate < ${threshold} or p99 start latency ≥ ${deadlineSeconds} s`;
  for (const { combination, rows } of groups.values()) {
    const seeds = [...new Set(rows.map((r) => r.seed))];
    const maxLoad = Math.max(...rows.map((r) => r.load));
    const perSeed = seeds.map((s) =>
      cliffOf(
        rows.filter((r) => r.seed === s),
        threshold,
        deadlineSeconds,
      ),
    );
    const found = perSeed.filter((c): c is number => c !== null).sort((a, b) => a - b);
    if (found.length * 2 <= perSeed.length) {
      out.push({ combination, cliffContainers: null, low: found[0] ?? null, high: null, criterion, perSeed, maxLoad });
      continue;
    }
    // Seeds without a cliff sit above the range: the median is taken with them placed there.
    const all = perSeed.map((c) => c ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
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
      perSeed,
      maxLoad,
    });
  }
  return out;
}
