// Sensitivity: each uncertain kernel parameter at the two ends of its documented range (all of them by
// default), the others at their scenario values. The p99 start latency and success rate at the
// scenario's load and, over the given cliff loads, where the cliff moves; rows by falling swing.

import { InputError, PS_PER_S, resolveParam } from '../core/index.ts';
import { KERNEL_PARAMS, type KernelParamSpec } from '../kernel/index.ts';
import { type BurstOutcome, fraction } from '../metrics/index.ts';
import { durationOf, type Override, readScenario, scenarioBursts } from '../scenario/index.ts';
import { cliffOf } from './cliffs.ts';
import type { FailureCriterion } from './FailureCriterion.ts';
import { runBursts } from './runBursts.ts';
import { LOAD_FIELD } from './SweepResults.ts';

export interface SensitivityRow {
  readonly param: string;
  readonly low: string;
  readonly high: string;
  readonly p99Low: number;
  readonly p99High: number;
  readonly successLow: number;
  readonly successHigh: number;
  readonly cliffLow: number | null;
  readonly cliffHigh: number | null;
  readonly swingSeconds: number;
}

export interface SensitivityResult {
  readonly scenario: string;
  readonly load: number;
  readonly baseline: { readonly p99: number; readonly success: number; readonly cliff: number | null };
  readonly cliffLoads: readonly number[];
  readonly rows: readonly SensitivityRow[];
}

export function parseParamRanges(specs: readonly string[]): { name: string; low: string; high: string }[] {
  if (specs.length === 0) {
    return KERNEL_PARAMS.filter((p) => p.range !== undefined).map((p) => ({
      name: p.name,
      low: (p.range as readonly [string, string])[0],
      high: (p.range as readonly [string, string])[1],
    }));
  }
  return specs.map((spec) => {
    const m = /^([A-Za-z]+)=([^:]+):([^:]+)$/.exec(spec);
    if (m === null) throw new InputError(`bad --param "${spec}": expected NAME=LOW:HIGH`, { path: '--param' });
    const name = m[1] as string;
    if (!KERNEL_PARAMS.some((p) => p.name === name)) {
      throw new InputError(`unknown parameter "${name}"; known: ${KERNEL_PARAMS.map((p) => p.name).join(', ')}`, {
        path: '--param',
      });
    }
    const param = KERNEL_PARAMS.find((p) => p.name === name) as KernelParamSpec;
    const low = m[2] as string;
    const high = m[3] as string;
    const value = (text: string): number => Number(resolveParam(param, text, { path: `--param ${name}` }));
    if (!(value(low) < value(high)))
      throw new InputError(`bad --param "${name}=${low}:${high}": LOW must be below HIGH`, { path: '--param' });
    return { name, low, high };
  });
}

export async function runSensitivity(a: {
  scenario: string;
  params: readonly string[];
  set: readonly (string | Override)[];
  cliffLoads: readonly number[];
  jobs: number;
  threshold: number;
  /** Whether a health probe past its timeout fails a run (default: yes). */
  probeTimeouts?: boolean;
}): Promise<SensitivityResult> {
  const base = readScenario(a.scenario, a.set);
  const load = base.values[LOAD_FIELD] as number;
  const criterion: FailureCriterion = {
    threshold: a.threshold,
    deadlineSeconds: durationOf(base, 'burst.deadline') / PS_PER_S,
    probeTimeoutSeconds: durationOf(base, 'probes.timeout') / PS_PER_S,
    probeTimeouts: a.probeTimeouts ?? true,
  };
  const ranges = parseParamRanges(a.params);
  const loads = [...new Set([load, ...a.cliffLoads])].sort((x, y) => x - y);
  const variants: { param: string; end: 'base' | 'low' | 'high'; value: string }[] = [
    { param: '', end: 'base', value: '' },
  ];
  for (const r of ranges)
    variants.push({ param: r.name, end: 'low', value: r.low }, { param: r.name, end: 'high', value: r.high });
  const sets: (string | Override)[][] = [];
  for (const v of variants) {
    for (const l of loads) {
      const s = [...a.set, `${LOAD_FIELD}=${l}`];
      if (v.end !== 'base') s.push(`kernel.params.${v.param}=${v.value}`);
      sets.push(s);
    }
  }
  const outcomes = await runBursts(scenarioBursts(a.scenario, sets), { jobs: a.jobs });
  const at = (vi: number): { outcome: BurstOutcome; cliff: number | null } => {
    const runs = loads.map((l, li) => ({ l, o: outcomes[vi * loads.length + li] as BurstOutcome }));
    const outcome = runs.find((r) => r.l === load)?.o as BurstOutcome;
    const cliff =
      a.cliffLoads.length === 0
        ? null
        : (cliffOf(
            runs.map((r) => ({ load: r.l, seed: '1', outcome: r.o })),
            criterion,
          )?.load ?? null);
    return { outcome, cliff };
  };
  const b = at(0);
  const rows: SensitivityRow[] = ranges.map((r, i) => {
    const lo = at(1 + 2 * i);
    const hi = at(2 + 2 * i);
    return {
      param: r.name,
      low: r.low,
      high: r.high,
      p99Low: lo.outcome.startLatencySeconds.p99,
      p99High: hi.outcome.startLatencySeconds.p99,
      successLow: lo.outcome.startSuccessRate,
      successHigh: hi.outcome.startSuccessRate,
      cliffLow: lo.cliff,
      cliffHigh: hi.cliff,
      swingSeconds: fraction(Math.abs(hi.outcome.startLatencySeconds.p99 - lo.outcome.startLatencySeconds.p99)),
    };
  });
  rows.sort((x, y) => y.swingSeconds - x.swingSeconds || x.param.localeCompare(y.param));
  return {
    scenario: a.scenario,
    load,
    baseline: { p99: b.outcome.startLatencySeconds.p99, success: b.outcome.startSuccessRate, cliff: b.cliff },
    cliffLoads: a.cliffLoads,
    rows,
  };
}
