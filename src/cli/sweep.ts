// `lockcliff sweep SCENARIO --vary … --seeds N [--jobs N] [--out DIR]` and `lockcliff plot DIR`: run
// the sweep (experiment), write its results, cliffs, charts and report (report), print the cliff table.

import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import {
  type CliffResult,
  cliffJson,
  cliffsOf,
  runSweep,
  type SweepRequest,
  type SweepResults,
} from '../experiment/index.ts';
import { cliffTable, flatRow, sweepCharts, sweepReport, toCsv } from '../report/index.ts';
import { writeCharts } from './writeCharts.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export function progress(label: string): (done: number, total: number, workDone: number) => void {
  const started = performance.now();
  const tty = process.stderr.isTTY === true;
  let lastPlain = -1;
  return (done, total, workDone) => {
    const elapsed = (performance.now() - started) / 1000;
    // By estimated work, not by runs: the costliest runs go first.
    const eta = workDone <= 0 ? 0 : Math.max(0, (elapsed / workDone) * (1 - workDone));
    if (tty) {
      const width = 30;
      const filled = Math.round(workDone * width);
      process.stderr.write(
        `\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${elapsed.toFixed(0)} s, ETA ${eta.toFixed(0)} s  `,
      );
      if (done === total) process.stderr.write('\n');
    } else {
      const tenth = Math.floor((done / total) * 10);
      if (tenth !== lastPlain || done === total) {
        lastPlain = tenth;
        process.stderr.write(`${label}: ${done}/${total} runs, ${elapsed.toFixed(1)} s, ETA ${eta.toFixed(0)} s\n`);
      }
    }
  };
}

export interface SweepArgs extends Omit<SweepRequest, 'onProgress'> {
  readonly out: string;
  readonly charts: boolean;
}

/** Runs a sweep and writes its outputs (writeSweepOutputs). */
export async function sweepToDir(a: SweepArgs): Promise<{ results: SweepResults; cliffs: CliffResult[] }> {
  const { results, cliffs } = await runSweep({ ...a, onProgress: progress(`sweep ${a.scenario}`) });
  await writeSweepOutputs(a.out, results, cliffs, a.charts);
  return { results, cliffs };
}

/** results.json, results.csv, cliffs.json and (with charts) the charts and report.html of a sweep or a cliff search. */
export async function writeSweepOutputs(
  dir: string,
  results: SweepResults,
  cliffs: readonly CliffResult[],
  charts: boolean,
): Promise<void> {
  writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(join(dir, 'results.csv'), toCsv(results.rows.map(flatRow)));
  writeFileAtomic(join(dir, 'cliffs.json'), `${JSON.stringify(cliffs.map(cliffJson), null, 2)}\n`);
  if (charts) {
    const written = await writeCharts(dir, sweepCharts(results, cliffs));
    writeFileAtomic(join(dir, 'report.html'), sweepReport(results, cliffs, written));
  }
}

export function registerSweep(yargs: Argv): Argv {
  return yargs
    .command(
      'sweep <scenario>',
      'Run a scenario over varied fields × seeds in parallel; write results, cliffs and charts',
      (c) =>
        c
          .positional('scenario', { type: 'string', demandOption: true })
          .option('vary', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'field=values: containers=10:300:10, smt=on,off, machine+smt=r5.metal+on,m7a.24xlarge+off',
          })
          .option('seeds', { type: 'number', default: 1 })
          .option('jobs', { type: 'number', default: Math.max(1, availableParallelism()), describe: 'worker threads' })
          .option('out', { type: 'string', default: 'out/sweep' })
          .option('set', { type: 'string', array: true, default: [] as string[] })
          .option('threshold', { type: 'number', default: 0.99, describe: 'cliff: success rate below this' })
          .option('probe-timeouts', {
            type: 'boolean',
            default: true,
            describe: 'a health probe past its timeout fails a run (--no-probe-timeouts: starts only)',
          })
          .option('charts', { type: 'boolean', default: true, describe: 'render charts (--no-charts to skip)' }),
      async (args) => {
        const { results, cliffs } = await sweepToDir({
          scenario: args.scenario,
          vary: args.vary,
          seeds: args.seeds,
          jobs: args.jobs,
          out: args.out,
          set: args.set,
          threshold: args.threshold,
          probeTimeouts: args['probe-timeouts'],
          charts: args.charts,
        });
        console.log(cliffTable(cliffs, results));
        console.log(
          `wrote ${args.out}/results.json, results.csv, cliffs.json${args.charts ? ', charts (.vl.json, .svg, .png) and report.html' : ''}`,
        );
      },
    )
    .command(
      'plot <dir>',
      'Render the charts of a sweep directory (results.json) again',
      (c) => c.positional('dir', { type: 'string', demandOption: true }),
      async (args) => {
        let results: SweepResults;
        try {
          results = JSON.parse(readFileSync(join(args.dir, 'results.json'), 'utf8')) as SweepResults;
        } catch {
          throw new InputError(
            `no readable results.json in ${args.dir} (run \`lockcliff sweep … --out ${args.dir}\` first)`,
            { path: 'dir' },
          );
        }
        const cliffs = cliffsOf(results);
        const written = await writeCharts(args.dir, sweepCharts(results, cliffs));
        writeFileAtomic(join(args.dir, 'report.html'), sweepReport(results, cliffs, written));
        console.log(
          `wrote ${written.map((w) => `${args.dir}/${w.file}`).join(', ')} (and .vl.json, .svg), ${args.dir}/report.html`,
        );
      },
    );
}
