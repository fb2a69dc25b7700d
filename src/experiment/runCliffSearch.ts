// `lockcliff cliff`: a scenario's series (`--vary` dimensions other than the load) × a cliff search
// over the load (SeriesSearch). Every run is kept as a row, as a sweep's, so the same charts, tables and
// report apply; the cliffs carry what the search ran.

import { InputError, PS_PER_S } from '../core/index.ts';
import { type BurstOutcome, smtWord } from '../metrics/index.ts';
import { durationOf, type Override, readScenario, scenarioBursts } from '../scenario/index.ts';
import type { CliffResult } from './cliffs.ts';
import { CONFIDENCES, SeriesSearch } from './cliffSearch.ts';
import { describeCriterion, type FailureCriterion } from './FailureCriterion.ts';
import type { WorkerPool } from './pool.ts';
import { openBurstPool, runBursts } from './runBursts.ts';
import { sweepSeeds } from './runSweep.ts';
import { FIELD_ALIASES, joinedPoints, parseDimensions } from './sweep.ts';
import { LOAD_FIELD, type SweepResults, type SweepRow, seriesKey } from './SweepResults.ts';

export interface CliffRequest {
  readonly scenario: string;
  /** The series: `--vary` specs of fields other than the load. */
  readonly vary: readonly string[];
  /** `containers=LO:HI`. */
  readonly load: string;
  readonly seeds: number;
  readonly confidence: number;
  readonly resolution?: number;
  readonly scanPoints?: number;
  readonly jobs: number;
  readonly set: readonly (string | Override)[];
  readonly threshold: number;
  readonly probeTimeouts: boolean;
  readonly onRound?: (round: number, runs: number, seriesLeft: number) => void;
  /** Runs already finished (a resumed search), by `runKey`: not run again. */
  readonly done?: ReadonlyMap<string, BurstOutcome>;
  /** Called as each run finishes, with its key. */
  readonly onResult?: (key: string, outcome: BurstOutcome) => void;
  readonly signal?: AbortSignal;
}

/** A search run's identity within its search: the series' fields, the load and the seed. */
export function runKey(values: Readonly<Record<string, string>>, load: number, seed: string): string {
  return JSON.stringify([values, load, seed]);
}

/** Loads of the first scan: enough to see a cliff and a non-monotone series, few enough to be cheap. */
const DEFAULT_SCAN_POINTS = 5;
/** The bisection stops at 1/64 of the range by default (5 containers over 10…310). */
const DEFAULT_RESOLUTION_SHARE = 1 / 64;

export function parseLoadRange(spec: string): { lo: number; hi: number } {
  const m = /^([a-z.]+)=(\d+):(\d+)$/.exec(spec.trim());
  const field = m === null ? undefined : (FIELD_ALIASES[m[1] as string] ?? m[1]);
  if (m === null || field !== LOAD_FIELD)
    throw new InputError(`bad --load "${spec}": expected containers=LO:HI, e.g. containers=10:310`, { path: '--load' });
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (!(lo >= 1 && hi > lo)) throw new InputError(`bad --load "${spec}": expected 1 ≤ LO < HI`, { path: '--load' });
  return { lo, hi };
}

/** Checks a search request and builds one run of every series (bad input writes nothing). */
export function checkCliffSearch(a: CliffRequest): void {
  planCliffSearch(a);
}

function planCliffSearch(a: CliffRequest) {
  const { lo, hi } = parseLoadRange(a.load);
  if (!(Number.isInteger(a.seeds) && a.seeds >= 1))
    throw new InputError(`--seeds must be a positive integer, got ${a.seeds}`, { path: '--seeds' });
  if (!CONFIDENCES.includes(a.confidence))
    throw new InputError(`--confidence must be one of ${CONFIDENCES.join(', ')}, got ${a.confidence}`, {
      path: '--confidence',
    });
  if (!(a.threshold > 0 && a.threshold <= 1))
    throw new InputError(`--threshold must be in (0, 1], got ${a.threshold}`, { path: '--threshold' });
  const base = readScenario(a.scenario, a.set);
  const groups = parseDimensions(a.vary);
  const fields = groups.flat().map((d) => d.field);
  if (fields.includes(LOAD_FIELD))
    throw new InputError('the load is searched, not varied: give it with --load', { path: '--vary' });
  const criterion: FailureCriterion = {
    threshold: a.threshold,
    deadlineSeconds: durationOf(base, 'burst.deadline') / PS_PER_S,
    probeTimeoutSeconds: durationOf(base, 'probes.timeout') / PS_PER_S,
    probeTimeouts: a.probeTimeouts,
  };
  const seeds = sweepSeeds(String(base.values.seed), a.seeds);
  const series = joinedPoints(groups, ['-']).map((p) => ({
    values: p.values,
    search: new SeriesSearch({
      lo,
      hi,
      seeds,
      confidence: a.confidence,
      resolution: a.resolution ?? Math.max(1, Math.ceil((hi - lo) * DEFAULT_RESOLUTION_SHARE)),
      scanPoints: a.scanPoints ?? DEFAULT_SCAN_POINTS,
      criterion,
    }),
  }));
  // Every point is checked before anything runs: bad input writes nothing.
  scenarioBursts(
    a.scenario,
    series.map((s) => [
      ...a.set,
      ...setsOf(s.values),
      { path: LOAD_FIELD, value: String(lo), flag: '--load' },
      { path: LOAD_FIELD, value: String(hi), flag: '--load' },
    ]),
  );
  return { series, criterion, fields };
}

export async function runCliffSearch(a: CliffRequest): Promise<{ results: SweepResults; cliffs: CliffResult[] }> {
  const { series, criterion, fields } = planCliffSearch(a);
  const rows: SweepRow[] = [];
  // One set of workers for every round: started once, warm after the first round.
  const pool = a.jobs > 1 ? openBurstPool(a.jobs) : undefined;
  try {
    await searchRounds(a, series, rows, pool);
  } finally {
    await pool?.close();
  }
  const results: SweepResults = {
    scenario: a.scenario,
    varied: [...fields, LOAD_FIELD],
    threshold: a.threshold,
    deadlineSeconds: criterion.deadlineSeconds,
    probeTimeoutSeconds: criterion.probeTimeoutSeconds,
    probeTimeoutsFail: a.probeTimeouts,
    rows,
  };
  return { results, cliffs: series.map((s) => cliffOfSearch(s, results, criterion)) };
}

/** The search's rounds: every unfinished series' next runs, run together, then each series decides. */
async function searchRounds(
  a: CliffRequest,
  series: { values: Readonly<Record<string, string>>; search: SeriesSearch }[],
  rows: SweepRow[],
  pool: WorkerPool | undefined,
): Promise<void> {
  for (let round = 1; series.some((s) => !s.search.done); round++) {
    const asks = series.flatMap((s, si) => s.search.requests().map((r) => ({ si, ...r })));
    a.onRound?.(round, asks.length, series.filter((s) => !s.search.done).length);
    // A failed run stops at its first failure: the search needs its verdict, not the rest of it.
    const stopAtFailure = { threshold: a.threshold, probeTimeouts: a.probeTimeouts };
    const tasks = scenarioBursts(
      a.scenario,
      asks.map((q) => [
        ...a.set,
        ...setsOf(series[q.si]?.values ?? {}),
        { path: LOAD_FIELD, value: String(q.load), flag: '--load' },
        { path: 'seed', value: q.seed, flag: '--seeds' },
      ]),
    ).map((t) => ({ ...t, stopAtFailure }));
    const keys = asks.map((q) => runKey(series[q.si]?.values ?? {}, q.load, q.seed));
    const todo = keys.flatMap((k, i) => (a.done?.has(k) === true ? [] : [i]));
    const ran = await runBursts(
      todo.map((i) => tasks[i] as (typeof tasks)[number]),
      {
        jobs: a.jobs,
        ...(pool !== undefined && { pool }),
        ...(a.onResult !== undefined && {
          onResult: (j: number, o: BurstOutcome) => a.onResult?.(keys[todo[j] as number] as string, o),
        }),
        ...(a.signal !== undefined && { signal: a.signal }),
      },
    );
    const outcomes = keys.map((k) => a.done?.get(k));
    todo.forEach((i, j) => {
      outcomes[i] = ran[j];
    });
    asks.forEach((q, i) => {
      const s = series[q.si];
      const outcome = outcomes[i] as BurstOutcome;
      s?.search.accept(q.load, q.seed, outcome);
      rows.push({ index: rows.length, seed: q.seed, point: { ...s?.values, [LOAD_FIELD]: String(q.load) }, outcome });
    });
    for (const s of series) s.search.advance();
  }
}

const setsOf = (values: Readonly<Record<string, string>>): Override[] =>
  Object.entries(values).map(([path, value]) => ({ path, value, flag: '--vary' }));

function cliffOfSearch(
  s: { values: Readonly<Record<string, string>>; search: SeriesSearch },
  results: SweepResults,
  criterion: FailureCriterion,
): CliffResult {
  const r = s.search.result();
  const fields = results.varied.filter((f) => f !== LOAD_FIELD);
  const any = results.rows.find((row) => fields.every((f) => row.point[f] === s.values[f]));
  const combination: Record<string, string> = { series: any === undefined ? '' : seriesKey(any, fields) };
  for (const f of fields)
    combination[f] = f === 'smt' && any !== undefined ? smtWord(any.outcome) : (s.values[f] as string);
  return {
    combination,
    cliffContainers: r.cliff,
    low: r.low,
    high: r.high,
    criterion: describeCriterion(criterion),
    failedBy: r.failedBy,
    perSeed: [],
    maxLoad: s.search.o.hi,
    search: { loads: r.loads, monotone: s.search.monotone, uncertain: r.uncertain },
  };
}
