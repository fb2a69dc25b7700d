// A sweep's results (what results.json holds) and how its rows group: into series (one line of a
// chart: the machine with its SMT, the strategy, any other varied field), by load (containers), and
// into the cliff of each series.

import { type BurstOutcome, smtLabel, smtWord } from '../metrics/index.ts';
import { type CliffResult, type CliffRow, detectCliffs } from './cliffs.ts';
import type { FailureCriterion } from './FailureCriterion.ts';
import type { RunContext } from './RunContext.ts';

/** The load dimension of a sweep: containers started at once. */
export const LOAD_FIELD = 'burst.containers';

export interface SweepRow {
  readonly index: number;
  readonly seed: string;
  readonly point: Readonly<Record<string, string>>;
  readonly outcome: BurstOutcome;
}

export interface SweepResults {
  readonly scenario: string;
  readonly varied: readonly string[];
  readonly threshold: number;
  readonly deadlineSeconds: number;
  /** The health probes' timeout (absent in results written before it was recorded: 30 s). */
  readonly probeTimeoutSeconds?: number;
  /** Whether a probe past its timeout fails a run (absent in results written before: no). */
  readonly probeTimeoutsFail?: boolean;
  readonly rows: readonly SweepRow[];
  /** Version, command, scenario fields and machines (absent in results written before it was recorded). */
  readonly context?: RunContext;
}

/** The fields named by a series key besides machine, SMT and strategy. */
const KEYED = ['machine', 'smt', 'burst.strategy', LOAD_FIELD];

/** The varied fields other than the load. */
export const nonLoadFields = (results: SweepResults): string[] => results.varied.filter((f) => f !== LOAD_FIELD);

/** Machine and SMT of a row (a chart line's colour). */
export const groupKey = (row: SweepRow): string => `${row.outcome.machine}, ${smtLabel(row.outcome)}`;

/** The other varied fields of a row (a chart line's dash). */
export function variantKey(row: SweepRow, fields: readonly string[]): string {
  const parts: string[] = [];
  if (fields.includes('burst.strategy')) parts.push(row.outcome.strategy);
  for (const f of fields) {
    if (KEYED.includes(f)) continue;
    parts.push(`${f.split('.').at(-1)}=${row.point[f]}`);
  }
  return parts.length === 0 ? row.outcome.strategy : parts.join(', ');
}

/** The series a row belongs to, named by what the sweep varied (the load aside). */
export function seriesKey(row: SweepRow, fields: readonly string[]): string {
  const o = row.outcome;
  const parts: string[] = [];
  if (fields.includes('machine') || fields.length === 0) parts.push(o.machine);
  if (fields.includes('smt') || fields.includes('machine')) parts.push(smtLabel(o));
  if (fields.includes('burst.strategy')) parts.push(o.strategy);
  for (const f of fields) {
    if (KEYED.includes(f)) continue;
    parts.push(`${f.split('.').at(-1)}=${row.point[f]}`);
  }
  return parts.join(', ');
}

/** The cliff of each series (see cliffs.ts). */
export function cliffsOf(results: SweepResults): CliffResult[] {
  const nonLoad = nonLoadFields(results);
  const groups = new Map<string, { combination: Record<string, string>; rows: CliffRow[] }>();
  for (const row of results.rows) {
    const combination: Record<string, string> = { series: seriesKey(row, nonLoad) };
    for (const f of nonLoad) combination[f] = f === 'smt' ? smtWord(row.outcome) : (row.point[f] as string);
    const key = JSON.stringify(combination);
    const g = groups.get(key) ?? { combination, rows: [] };
    groups.set(key, g);
    g.rows.push({ load: row.outcome.containers, seed: row.seed, outcome: row.outcome });
  }
  return detectCliffs(groups, criterionOf(results));
}

/** Results written before the probe timeout was recorded had the default: 30 s. */
export const DEFAULT_PROBE_TIMEOUT_S = 30;

/** The failure criterion a sweep's results were judged by. */
export function criterionOf(results: SweepResults): FailureCriterion {
  return {
    threshold: results.threshold,
    deadlineSeconds: results.deadlineSeconds,
    probeTimeoutSeconds: results.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_S,
    probeTimeouts: results.probeTimeoutsFail ?? false,
  };
}

/** The fields of cliffs.json's records besides the combination's. */
const CLIFF_FIELDS = ['cliffContainers', 'low', 'high', 'criterion', 'failedBy', 'perSeed', 'maxLoad', 'search'];

/** A cliff read back from cliffs.json (a cliff search's cliffs cannot be recomputed from its rows by the grid's rule). */
export function cliffFromJson(record: Record<string, unknown>): CliffResult {
  const combination = Object.fromEntries(
    Object.entries(record).filter(([k, v]) => !CLIFF_FIELDS.includes(k) && typeof v === 'string'),
  ) as Record<string, string>;
  const r = record as unknown as Omit<CliffResult, 'combination'>;
  return {
    combination,
    cliffContainers: r.cliffContainers,
    low: r.low,
    high: r.high,
    criterion: r.criterion,
    failedBy: r.failedBy,
    perSeed: r.perSeed,
    maxLoad: r.maxLoad,
    ...(r.search !== undefined && { search: r.search }),
  };
}

/** cliffs.json's record of a cliff. */
export function cliffJson(c: CliffResult) {
  return {
    ...c.combination,
    cliffContainers: c.cliffContainers,
    low: c.low,
    high: c.high,
    criterion: c.criterion,
    failedBy: c.failedBy,
    perSeed: c.perSeed,
    maxLoad: c.maxLoad,
    ...(c.search !== undefined && { search: c.search }),
  };
}

/** Mean over a series' seeds at one load: p99 start and success rate. */
export interface SeriesMean {
  readonly series: string;
  readonly group: string;
  readonly variant: string;
  readonly containers: number;
  readonly p99Seconds: number;
  readonly successRate: number;
  /** The sums the means come from, over `runs` seeds. */
  readonly p99Sum: number;
  readonly successSum: number;
  readonly runs: number;
}

/** Means over seeds per series and load, in the order the rows first show them. */
export function seriesMeans(results: SweepResults): SeriesMean[] {
  const nonLoad = nonLoadFields(results);
  const acc = new Map<
    string,
    { series: string; group: string; variant: string; containers: number; s: number; p: number; n: number }
  >();
  for (const row of results.rows) {
    const series = seriesKey(row, nonLoad);
    const key = `${series}\u0000${row.outcome.containers}`;
    const a = acc.get(key) ?? {
      series,
      group: groupKey(row),
      variant: variantKey(row, nonLoad),
      containers: row.outcome.containers,
      s: 0,
      p: 0,
      n: 0,
    };
    acc.set(key, a);
    a.s += row.outcome.startSuccessRate;
    a.p += row.outcome.startLatencySeconds.p99;
    a.n++;
  }
  return [...acc.values()].map((a) => ({
    series: a.series,
    group: a.group,
    variant: a.variant,
    containers: a.containers,
    p99Seconds: a.p / a.n,
    successRate: a.s / a.n,
    p99Sum: a.p,
    successSum: a.s,
    runs: a.n,
  }));
}
