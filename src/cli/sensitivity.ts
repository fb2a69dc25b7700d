// `lockcliff sensitivity SCENARIO [--param NAME=LOW:HIGH ...]` (experiment/sensitivity.ts): prints
// what moves the p99 start latency and the cliff; writes sensitivity.json and a tornado chart with --out.

import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import { runSensitivity, type SensitivityResult } from '../experiment/index.ts';
import { tornadoChart } from '../report/index.ts';
import { ALLOW_OUT_OF_RANGE, checkJobs, overridesOf, SET_OPTION, THRESHOLD_OPTION } from './common.ts';
import { checkOutDir, clearOutputs } from './outputDir.ts';
import { writeCharts } from './writeCharts.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

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
        .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (scenarios/*.yaml)' })
        .option('param', {
          type: 'string',
          array: true,
          default: [] as string[],
          describe: 'NAME=LOW:HIGH with LOW below HIGH (default: every kernel parameter with a documented range)',
        })
        .option('set', SET_OPTION)
        .option('cliff-loads', {
          type: 'string',
          default: '',
          describe: 'containers to search for the cliff, e.g. 50,100,200,300',
        })
        .option('threshold', THRESHOLD_OPTION)
        .option('jobs', { type: 'number', default: 2, describe: 'worker threads (at most the cores here)' })
        .option('out', {
          type: 'string',
          describe: 'write sensitivity.json and a tornado chart (.vl.json/.svg/.png) here',
        })
        .option('allow-out-of-range', ALLOW_OUT_OF_RANGE)
        .option('format', {
          choices: ['table', 'json'] as const,
          default: 'table' as const,
          describe: 'output format',
        }),
    async (args) => {
      checkJobs(args.jobs);
      if (args.out !== undefined) checkOutDir(args.out);
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
        set: overridesOf(args),
        cliffLoads,
        jobs: args.jobs,
        threshold: args.threshold,
      });
      console.log(args.format === 'json' ? JSON.stringify(r, null, 2) : table(r));
      if (args.out !== undefined) {
        clearOutputs(args.out);
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
