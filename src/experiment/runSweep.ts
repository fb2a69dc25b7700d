// A sweep: a scenario over `--vary` dimensions × seeds, every point validated and built before any
// runs, run on the worker pool, gathered into SweepResults (rows in point order) with the cliffs of
// its series. Writing the results is the caller's.

import { InputError, PS_PER_S } from '../core/index.ts';
import { durationOf, readScenario, scenarioBursts } from '../scenario/index.ts';
import type { CliffResult } from './cliffs.ts';
import { runBursts } from './runBursts.ts';
import { joinedPoints, parseDimensions } from './sweep.ts';
import { cliffsOf, type SweepResults } from './SweepResults.ts';

export interface SweepRequest {
  readonly scenario: string;
  readonly vary: readonly string[];
  readonly seeds: number;
  readonly jobs: number;
  readonly set: readonly string[];
  readonly threshold: number;
  /** Whether a health probe past its timeout fails a run (default: yes). */
  readonly probeTimeouts?: boolean;
  readonly onProgress?: (done: number, total: number, workDone: number) => void;
}

/** Seeds of a sweep: the scenario's own for one, `SEED.1`, `SEED.2`, … for several. */
export function sweepSeeds(baseSeed: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => (n === 1 ? baseSeed : `${baseSeed}.${i + 1}`));
}

export async function runSweep(a: SweepRequest): Promise<{ results: SweepResults; cliffs: CliffResult[] }> {
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
    pts.map((p) => [...a.set, ...Object.entries(p.values).map(([k, v]) => `${k}=${v}`), `seed=${p.seed}`]),
  );
  const outcomes = await runBursts(tasks, {
    jobs: a.jobs,
    ...(a.onProgress !== undefined && { onProgress: a.onProgress }),
  });
  const results: SweepResults = {
    scenario: a.scenario,
    varied,
    threshold: a.threshold,
    deadlineSeconds: durationOf(base, 'burst.deadline') / PS_PER_S,
    probeTimeoutSeconds: durationOf(base, 'probes.timeout') / PS_PER_S,
    probeTimeoutsFail: a.probeTimeouts ?? true,
    rows: pts.map((p, i) => ({
      index: p.index,
      seed: p.seed,
      point: p.values,
      outcome: outcomes[i] as (typeof outcomes)[number],
    })),
  };
  return { results, cliffs: cliffsOf(results) };
}
