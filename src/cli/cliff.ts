// `lockcliff cliff SCENARIO --vary … --load containers=LO:HI`: the cliff of each series by search
// (experiment/cliffSearch.ts), with the outputs of a sweep.

import { availableParallelism } from 'node:os';
import type { Argv } from 'yargs';
import { CONFIDENCES, checkCliffSearch, runCliffSearch } from '../experiment/index.ts';
import type { BurstOutcome } from '../metrics/index.ts';
import { cliffTable } from '../report/index.ts';
import {
  ALLOW_OUT_OF_RANGE,
  CHARTS_OPTION,
  checkJobs,
  identityOf,
  interruptible,
  overridesOf,
  PROBE_TIMEOUTS_OPTION,
  SET_OPTION,
  THRESHOLD_OPTION,
} from './common.ts';
import { checkOutDir, clearOutputs, RunLog } from './outputDir.ts';
import { runContext } from './runContext.ts';
import { FORMAT_OPTION, type ReportFormat, reportFiles, writeSweepOutputs } from './sweep.ts';

function cliffOptions(c: Argv) {
  return c
    .positional('scenario', { type: 'string', demandOption: true })
    .option('vary', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'the series: field=values other than the load, e.g. machine+smt=r5.metal+on,m7a.24xlarge+off',
    })
    .option('load', {
      type: 'string',
      default: 'containers=10:310',
      describe: 'the load to search: containers=LO:HI',
    })
    .option('seeds', {
      type: 'number',
      default: 3,
      describe: 'seeds a load may use (at least 2 run where the outcome is clear)',
    })
    .option('confidence', {
      type: 'number',
      default: 0.9,
      choices: CONFIDENCES,
      describe: 'confidence of each pass/fail decision (t-interval of how far the runs are from failing)',
    })
    .option('resolution', {
      type: 'number',
      describe: 'stop bisecting at this many containers (default: 1/64 of the range)',
    })
    .option('jobs', { type: 'number', default: Math.max(1, availableParallelism()), describe: 'worker threads' })
    .option('out', {
      type: 'string',
      default: 'out/cliff',
      describe: 'output folder (its earlier lockcliff outputs are replaced)',
    })
    .option('set', SET_OPTION)
    .option('threshold', THRESHOLD_OPTION)
    .option('probe-timeouts', PROBE_TIMEOUTS_OPTION)
    .option('charts', CHARTS_OPTION)
    .option('format', FORMAT_OPTION)
    .option('resume', {
      type: 'boolean',
      default: false,
      describe: 'reuse the runs OUT/runs.jsonl holds (an interrupted search)',
    })
    .option('allow-out-of-range', ALLOW_OUT_OF_RANGE);
}

type CliffArgs = Awaited<ReturnType<ReturnType<typeof cliffOptions>['parseAsync']>>;

async function cliff(args: CliffArgs): Promise<void> {
  checkOutDir(args.out);
  checkJobs(args.jobs);
  const set = overridesOf(args);
  const identity = identityOf(args.scenario, {
    kind: 'cliff',
    vary: args.vary,
    load: args.load,
    seeds: args.seeds,
    confidence: args.confidence,
    resolution: args.resolution ?? null,
    set: set.map((o) => [o.path, o.value]),
    threshold: args.threshold,
    probeTimeouts: args['probe-timeouts'],
  });
  const done = args.resume
    ? RunLog.read<[string, BurstOutcome]>(args.out, identity)
    : new Map<number, [string, BurstOutcome]>();
  const started = performance.now();
  const request = {
    scenario: args.scenario,
    vary: args.vary,
    load: args.load,
    seeds: args.seeds,
    confidence: args.confidence,
    ...(args.resolution !== undefined && { resolution: args.resolution }),
    jobs: args.jobs,
    set,
    threshold: args.threshold,
    probeTimeouts: args['probe-timeouts'],
    done: new Map<string, BurstOutcome>([...done.values()]),
  };
  checkCliffSearch(request);
  if (!args.resume) clearOutputs(args.out);
  const log = new RunLog(args.out, identity, args.resume);
  let logged = done.size;
  const outcome = await interruptible(
    (signal) =>
      runCliffSearch({
        ...request,
        signal,
        onResult: (key, o) => log.append(logged++, [key, o]),
        onRound: (round, runs, left) =>
          void process.stderr.write(
            `cliff ${args.scenario}: round ${round}, ${runs} runs for ${left} series, ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
          ),
      }),
    () => `the finished runs are in ${args.out}/runs.jsonl; resume with the same command and --resume`,
  );
  if (outcome === null) return;
  const { cliffs } = outcome;
  const results = {
    ...outcome.results,
    context: runContext(
      'cliff',
      args.scenario,
      {
        vary: args.vary,
        set,
        seeds: args.seeds,
        threshold: args.threshold,
        probeTimeouts: args['probe-timeouts'],
        load: args.load,
        confidence: args.confidence,
        ...(args.resolution !== undefined && { resolution: args.resolution }),
      },
      outcome.results,
    ),
  };
  await writeSweepOutputs(
    args.out,
    results,
    cliffs,
    args.charts,
    { kind: 'cliff', identity },
    args.format as ReportFormat,
  );
  console.log(cliffTable(cliffs, results));
  console.log(
    `${results.rows.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s; wrote ${args.out}/results.json, results.csv, cliffs.json${args.charts ? `, charts (.vl.json, .svg, .png) and ${reportFiles(args.format as ReportFormat)}` : ''}`,
  );
}

export function registerCliff(yargs: Argv): Argv {
  return yargs.command(
    'cliff <scenario>',
    'Find the cliff of each series by search (bracket, then bisect; seeds where the outcome is uncertain); write results, cliffs and charts',
    cliffOptions,
    cliff,
  );
}
