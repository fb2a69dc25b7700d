// `lockcliff sensitivity SCENARIO [--param NAME=LOW:HIGH ...]`: each uncertain kernel parameter at
// the two ends of its documented range (all of them by default), the others at their scenario
// values. Reports the p99 start latency and success rate at the scenario's load and, over the loads
// given by --cliff-loads, how far each moves the cliff; writes a tornado chart with --out.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import { cliffOf, runTasks } from '../experiment/index.ts';
import { KERNEL_PARAMS } from '../kernel/index.ts';
import { tornadoChart } from '../report/index.ts';
import { buildBurst, durationOf } from '../scenario/index.ts';
import { type BurstOptions, type BurstOutcome, runBurst } from '../workload/index.ts';
import { machineOf, readScenario } from './run.ts';
import { writeCharts } from './sweep.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

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
    return { name, low: m[2] as string, high: m[3] as string };
  });
}

export async function runSensitivity(a: {
  scenario: string;
  params: readonly string[];
  set: readonly string[];
  cliffLoads: readonly number[];
  jobs: number;
  threshold: number;
}): Promise<SensitivityResult> {
  const base = readScenario(a.scenario, a.set);
  const load = base.values['burst.containers'] as number;
  const deadline = durationOf(base, 'burst.deadline') / 1e12;
  const ranges = parseParamRanges(a.params);
  const machine = machineOf(String(base.values.machine));
  const loads = [...new Set([load, ...a.cliffLoads])].sort((x, y) => x - y);
  const variants: { param: string; end: 'base' | 'low' | 'high'; value: string }[] = [
    { param: '', end: 'base', value: '' },
  ];
  for (const r of ranges)
    variants.push({ param: r.name, end: 'low', value: r.low }, { param: r.name, end: 'high', value: r.high });
  const tasks: BurstOptions[] = [];
  for (const v of variants) {
    for (const l of loads) {
      const sets = [...a.set, `burst.containers=${l}`];
      if (v.end !== 'base') sets.push(`kernel.params.${v.param}=${v.value}`);
      tasks.push(buildBurst(readScenario(a.scenario, sets), machine));
    }
  }
  const outcomes = await runTasks(tasks, {
    jobs: a.jobs,
    workerUrl: new URL('../../bin/sweep-worker.js', import.meta.url),
    inline: runBurst,
  });
  const at = (vi: number): { outcome: BurstOutcome; cliff: number | null } => {
    const runs = loads.map((l, li) => ({ l, o: outcomes[vi * loads.length + li] as BurstOutcome }));
    const outcome = runs.find((r) => r.l === load)?.o as BurstOutcome;
    const cliff =
      a.cliffLoads.length === 0
        ? null
        : cliffOf(
            runs.map((r) => ({
              load: r.l,
              seed: '1',
              successRate: r.o.startSuccessRate,
              p99Seconds: r.o.startLatencySeconds.p99,
            })),
            a.threshold,
            deadline,
          );
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
      swingSeconds:
        Math.round(Math.abs(hi.outcome.startLatencySeconds.p99 - lo.outcome.startLatencySeconds.p99) * 1e6) / 1e6,
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

function table(r: SensitivityResult): string {
  const cliff = (c: number | null): string =>
    c === null ? (r.cliffLoads.length === 0 ? '–' : `none ≤ ${Math.max(...r.cliffLoads)}`) : String(c);
  const lines = [
    `${r.scenario} at ${r.load} containers: baseline p99 start ${r.baseline.p99.toFixed(3)} s, success ${(r.baseline.success * 100).toFixed(1)}%, cliff ${cliff(r.baseline.cliff)}`,
    'parameter                  low → high              p99 start (s) low → high   success low → high   cliff low → high',
  ];
  for (const x of r.rows) {
    lines.push(
      `${x.param.padEnd(26)} ${`${x.low} → ${x.high}`.padEnd(23)} ${`${x.p99Low.toFixed(3)} → ${x.p99High.toFixed(3)}`.padEnd(26)} ${`${(x.successLow * 100).toFixed(0)}% → ${(x.successHigh * 100).toFixed(0)}%`.padEnd(20)} ${cliff(x.cliffLow)} → ${cliff(x.cliffHigh)}`,
    );
  }
  return lines.join('\n');
}

export function registerSensitivity(yargs: Argv): Argv {
  return yargs.command(
    'sensitivity <scenario>',
    'Vary each uncertain parameter across its documented range: what moves the cliff and the start latency',
    (c) =>
      c
        .positional('scenario', { type: 'string', demandOption: true })
        .option('param', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe: 'NAME=LOW:HIGH (default: every kernel parameter with a range)',
        })
        .option('set', { type: 'string', array: true, default: [] as string[] })
        .option('cliff-loads', {
          type: 'string',
          default: '',
          describe: 'containers to search for the cliff, e.g. 50,100,200,300',
        })
        .option('threshold', { type: 'number', default: 0.99 })
        .option('jobs', { type: 'number', default: 2 })
        .option('out', { type: 'string', describe: 'write sensitivity.json and a tornado chart here' })
        .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
    async (args) => {
      const cliffLoads =
        args['cliff-loads'] === ''
          ? []
          : args['cliff-loads'].split(',').map((x) => {
              const n = Number(x);
              if (!Number.isInteger(n) || n < 1) throw new InputError(`bad load "${x}"`, { path: '--cliff-loads' });
              return n;
            });
      const r = await runSensitivity({
        scenario: args.scenario,
        params: args.param,
        set: args.set,
        cliffLoads,
        jobs: args.jobs,
        threshold: args.threshold,
      });
      console.log(args.format === 'json' ? JSON.stringify(r, null, 2) : table(r));
      if (args.out !== undefined) {
        writeFileAtomic(join(args.out, 'sensitivity.json'), `${JSON.stringify(r, null, 2)}\n`);
        await writeCharts(args.out, {
          'tornado-p99': tornadoChart(
            r.rows.map((x) => ({ param: x.param, low: x.p99Low, high: x.p99High, lowLabel: x.low, highLabel: x.high })),
            r.baseline.p99,
            `p99 start latency at ${r.load} containers (s)`,
            `${r.scenario}; dashed: every parameter at its scenario value`,
          ),
        });
      }
    },
  );
}
