// A sweep: a scenario over `--vary` dimensions × seeds, every point validated and built before any
// runs, run on the worker pool, gathered into SweepResults (rows in point order) with the cliffs of
// its series. A sweep may be one shard of many (every count-th point, from index), and may resume:
// points already finished are taken as given. Writing the results is the caller's.

import { InputError, PS_PER_S } from '../core/index.ts';
import type { BurstOutcome } from '../metrics/index.ts';
import { durationOf, type Override, readScenario, type Scenario, scenarioBursts } from '../scenario/index.ts';
import type { BurstOptions } from '../workload/index.ts';
import type { CliffResult } from './cliffs.ts';
import { runBursts } from './runBursts.ts';
import { joinedPoints, parseDimensions, type SweepPoint } from './sweep.ts';
import { cliffsOf, type SweepResults } from './SweepResults.ts';

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export interface SweepRequest {
  readonly scenario: string;
  readonly vary: readonly string[];
  readonly seeds: number;
  readonly jobs: number;
  readonly set: readonly (string | Override)[];
  readonly threshold: number;
  /** Whether a health probe past its timeout fails a run (default: yes). */
  readonly probeTimeouts?: boolean;
  /** Run only this shard's points (every count-th point, starting at index). */
  readonly shard?: Shard;
  /** Points already finished, by index (a resumed sweep): not run again. */
  readonly done?: ReadonlyMap<number, BurstOutcome>;
  /** Called as each point finishes, with its index. */
  readonly onResult?: (index: number, outcome: BurstOutcome) => void;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, workDone: number) => void;
}

/** Seeds of a sweep: the scenario's own for one, `SEED.1`, `SEED.2`, … for several. */
export function sweepSeeds(baseSeed: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? baseSeed : `${baseSeed}.${i + 1}`));
}

/** `I/N` (1-based, as a user counts shards) to a shard. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const i = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (m === null || !(n >= 1 && i >= 1 && i <= n))
    throw new InputError(`bad --shard "${text}": expected I/N with 1 ≤ I ≤ N, e.g. 2/8`, { path: '--shard' });
  return { index: i - 1, count: n };
}

/** A point's overrides: the sweep's own, then the point's fields and seed, each saying it came from --vary. */
function pointOverrides(a: SweepRequest, p: SweepPoint): (string | Override)[] {
  return [
    ...a.set,
    ...Object.entries(p.values).map(([path, value]) => ({ path, value, flag: '--vary' })),
    { path: 'seed', value: p.seed, flag: '--seeds' },
  ];
}

/** A sweep checked and built: every point's burst, before anything runs (bad input writes nothing). */
export interface SweepPlan {
  readonly base: Scenario;
  readonly varied: readonly string[];
  readonly pts: readonly SweepPoint[];
  readonly tasks: readonly BurstOptions[];
}

/** Checks the request and builds every point (the other shards' too). */
export function planSweep(a: SweepRequest): SweepPlan {
  if (!(Number.isInteger(a.seeds) && a.seeds >= 1))
    throw new InputError(`--seeds must be a positive integer, got ${a.seeds}`, { path: '--seeds' });
  if (!(a.threshold > 0 && a.threshold <= 1))
    throw new InputError(`--threshold must be in (0, 1], got ${a.threshold}`, { path: '--threshold' });
  const base = readScenario(a.scenario, a.set);
  const groups = parseDimensions(a.vary);
  const varied = groups.flat().map((d) => d.field);
  const pts = joinedPoints(groups, sweepSeeds(String(base.values.seed), a.seeds));
  const tasks = scenarioBursts(
    a.scenario,
    pts.map((p) => pointOverrides(a, p)),
  );
  return { base, varied, pts, tasks };
}

export async function runSweep(
  a: SweepRequest,
  plan: SweepPlan = planSweep(a),
): Promise<{ results: SweepResults; cliffs: CliffResult[] }> {
  const { base, varied, pts, tasks } = plan;
  const mine = pts.filter((p) => a.shard === undefined || p.index % a.shard.count === a.shard.index);
  const todo = mine.filter((p) => a.done?.has(p.index) !== true);
  const outcomes = await runBursts(
    todo.map((p) => tasks[p.index] as (typeof tasks)[number]),
    {
      jobs: a.jobs,
      ...(a.onProgress !== undefined && { onProgress: a.onProgress }),
      ...(a.onResult !== undefined && {
        onResult: (i: number, o: BurstOutcome) => a.onResult?.((todo[i] as SweepPoint).index, o),
      }),
      ...(a.signal !== undefined && { signal: a.signal }),
    },
  );
  const ran = new Map(todo.map((p, i) => [p.index, outcomes[i] as BurstOutcome]));
  const results: SweepResults = {
    scenario: a.scenario,
    varied,
    threshold: a.threshold,
    deadlineSeconds: durationOf(base, 'burst.deadline') / PS_PER_S,
    probeTimeoutSeconds: durationOf(base, 'probes.timeout') / PS_PER_S,
    probeTimeoutsFail: a.probeTimeouts ?? true,
    rows: mine.map((p) => ({
      index: p.index,
      seed: p.seed,
      point: p.values,
      outcome: (a.done?.get(p.index) ?? ran.get(p.index)) as BurstOutcome,
    })),
  };
  return { results, cliffs: cliffsOf(results) };
}
