// `lockcliff sweep SCENARIO --vary … --seeds N [--jobs N] [--out DIR] [--resume] [--shard I/N]`,
// `lockcliff merge DIR… --out DIR` and `lockcliff plot DIR`: run the sweep (experiment), log each
// finished run, write its results, cliffs, charts and report (report), print the cliff table.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import {
  type CliffResult,
  cliffFromJson,
  cliffJson,
  cliffsOf,
  parseShard,
  planSweep,
  runSweep,
  type SweepResults,
  type SweepRow,
} from '../experiment/index.ts';
import type { BurstOutcome } from '../metrics/index.ts';
import {
  cliffTable,
  docHtml,
  docMarkdown,
  flatRow,
  machineFigures,
  storyReport,
  sweepCharts,
  toCsv,
} from '../report/index.ts';
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
import { checkOutDir, clearOutputs, type Manifest, RunLog, readManifest, writeManifest } from './outputDir.ts';
import { progress } from './progress.ts';
import { mergeContexts, runContext } from './runContext.ts';
import { VERSION } from './version.ts';
import { writeCharts, writeFigures } from './writeCharts.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/** The report's formats: the HTML page, Markdown with the PNGs beside it, or both. */
export const REPORT_FORMATS = ['html', 'md', 'both'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const FORMAT_OPTION = {
  type: 'string',
  choices: REPORT_FORMATS,
  default: 'html',
  describe:
    'the report: report.html (one self-contained page), report.md (Markdown for a review document, the PNG charts beside it), or both',
} as const;

/** The report's file names, for messages. */
export const reportFiles = (f: ReportFormat): string => (f === 'both' ? 'report.html, report.md' : `report.${f}`);

/** The charts, the machines' diagrams and the report in the formats asked; the files written. */
async function writeReport(
  dir: string,
  results: SweepResults,
  cliffs: readonly CliffResult[],
  format: ReportFormat,
): Promise<string[]> {
  const written = await writeCharts(dir, sweepCharts(results, cliffs));
  const files = written.flatMap((w) => [`${w.name}.vl.json`, `${w.name}.svg`, `${w.name}.png`]);
  files.push(...(await writeFigures(dir, machineFigures(results.context))));
  const doc = storyReport(results, cliffs, written);
  if (format !== 'md') {
    writeFileAtomic(join(dir, 'report.html'), docHtml(doc));
    files.push('report.html');
  }
  if (format !== 'html') {
    writeFileAtomic(join(dir, 'report.md'), docMarkdown(doc));
    files.push('report.md');
  }
  return files;
}

/** results.json, results.csv, cliffs.json, (with charts) the charts and the report, then manifest.json. */
export async function writeSweepOutputs(
  dir: string,
  results: SweepResults,
  cliffs: readonly CliffResult[],
  charts: boolean,
  manifest: Omit<Manifest, 'files' | 'runs' | 'lockcliff'>,
  format: ReportFormat = 'html',
): Promise<void> {
  const files = ['results.json', 'results.csv', 'cliffs.json'];
  writeFileAtomic(join(dir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(join(dir, 'results.csv'), toCsv(results.rows.map(flatRow)));
  writeFileAtomic(join(dir, 'cliffs.json'), `${JSON.stringify(cliffs.map(cliffJson), null, 2)}\n`);
  if (charts) files.push(...(await writeReport(dir, results, cliffs, format)));
  writeManifest(dir, { ...manifest, lockcliff: VERSION, runs: results.rows.length, files });
}

function sweepOptions(c: Argv) {
  return c
    .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (scenarios/*.yaml)' })
    .option('vary', {
      type: 'string',
      array: true,
      demandOption: true,
      describe:
        'field=values: containers=10:300:10 (LOW:HIGH:STEP), smt=on,off, machine+smt=r5.metal+on,m7a.24xlarge+off (fields varied together)',
    })
    .option('seeds', {
      type: 'number',
      default: 1,
      describe: 'seeds per point (SEED.1, SEED.2, … of the scenario’s seed)',
    })
    .option('jobs', {
      type: 'number',
      default: Math.max(1, availableParallelism()),
      describe: 'worker threads (at most the cores here)',
    })
    .option('out', {
      type: 'string',
      default: 'out/sweep',
      describe: 'output folder (its earlier lockcliff outputs are replaced)',
    })
    .option('set', SET_OPTION)
    .option('threshold', THRESHOLD_OPTION)
    .option('probe-timeouts', PROBE_TIMEOUTS_OPTION)
    .option('charts', CHARTS_OPTION)
    .option('format', FORMAT_OPTION)
    .option('resume', { type: 'boolean', default: false, describe: 'rerun only what OUT/runs.jsonl does not hold yet' })
    .option('shard', {
      type: 'string',
      describe: 'run only shard I of N (I/N, 1-based); `lockcliff merge` joins the shards',
    })
    .option('allow-out-of-range', ALLOW_OUT_OF_RANGE);
}

type SweepArgs = Awaited<ReturnType<ReturnType<typeof sweepOptions>['parseAsync']>>;

async function sweep(args: SweepArgs): Promise<void> {
  checkOutDir(args.out);
  checkJobs(args.jobs);
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  const set = overridesOf(args);
  const identity = identityOf(args.scenario, {
    vary: args.vary,
    seeds: args.seeds,
    set: set.map((o) => [o.path, o.value]),
    threshold: args.threshold,
    probeTimeouts: args['probe-timeouts'],
  });
  const done = args.resume ? RunLog.read<BurstOutcome>(args.out, identity) : new Map<number, BurstOutcome>();
  const request = {
    scenario: args.scenario,
    vary: args.vary,
    seeds: args.seeds,
    jobs: args.jobs,
    set,
    threshold: args.threshold,
    probeTimeouts: args['probe-timeouts'],
    ...(shard !== undefined && { shard }),
    done,
  };
  // Every point is checked (nothing runs, nothing is written) before the folder is touched.
  const plan = planSweep(request);
  if (!args.resume) clearOutputs(args.out);
  const log = new RunLog(args.out, identity, args.resume);
  const outcome = await interruptible(
    (signal) =>
      runSweep(
        {
          ...request,
          signal,
          onResult: (index, o) => log.append(index, o),
          onProgress: progress(`sweep ${args.scenario}${shard === undefined ? '' : ` (shard ${args.shard})`}`),
        },
        plan,
      ),
    () => `the finished runs are in ${args.out}/runs.jsonl; resume with the same command and --resume`,
  );
  if (outcome === null) return;
  const { cliffs } = outcome;
  const results: SweepResults = {
    ...outcome.results,
    context: runContext(
      'sweep',
      args.scenario,
      { vary: args.vary, set, seeds: args.seeds, threshold: args.threshold, probeTimeouts: args['probe-timeouts'] },
      outcome.results,
    ),
  };
  await writeSweepOutputs(
    args.out,
    results,
    cliffs,
    args.charts && shard === undefined,
    { kind: 'sweep', identity, ...(shard !== undefined && { shard }) },
    args.format as ReportFormat,
  );
  if (shard === undefined) console.log(cliffTable(cliffs, results));
  console.log(
    shard === undefined
      ? `wrote ${args.out}/results.json, results.csv, cliffs.json${args.charts ? `, charts (.vl.json, .svg, .png) and ${reportFiles(args.format as ReportFormat)}` : ''}`
      : `wrote shard ${args.shard} (${results.rows.length} runs) to ${args.out}; join the shards with \`lockcliff merge DIR… --out DIR\``,
  );
}

/** A complete output folder's results.json, checked for the shape the charts and tables read. */
export function readResults(dir: string): SweepResults {
  const file = join(dir, 'results.json');
  if (existsSync(join(dir, 'runs.jsonl'))) readManifest(dir);
  let results: SweepResults;
  try {
    results = JSON.parse(readFileSync(file, 'utf8')) as SweepResults;
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new InputError(`cannot read ${file}: ${why} (run \`lockcliff sweep … --out ${dir}\` first)`, { path: 'dir' });
  }
  const rows = (results as { rows?: unknown }).rows;
  const ok =
    typeof results === 'object' &&
    results !== null &&
    typeof results.scenario === 'string' &&
    Array.isArray(results.varied) &&
    typeof results.threshold === 'number' &&
    typeof results.deadlineSeconds === 'number' &&
    Array.isArray(rows) &&
    rows.every(
      (r: SweepRow) =>
        typeof r?.outcome?.containers === 'number' && typeof r?.outcome?.startLatencySeconds?.p99 === 'number',
    );
  if (!ok)
    throw new InputError(`${file} is not a lockcliff sweep's results (scenario, varied, threshold, rows of outcomes)`, {
      path: 'dir',
    });
  return results;
}

/**
 * The folder's cliffs: those cliffs.json holds (a cliff search's come from its search, not from the
 * grid's rule), else recomputed from the rows.
 */
function readCliffs(dir: string, results: SweepResults): CliffResult[] {
  const file = join(dir, 'cliffs.json');
  if (!existsSync(file)) return cliffsOf(results);
  let records: unknown;
  try {
    records = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as Error).message}`, { path: 'dir' });
  }
  const ok =
    Array.isArray(records) &&
    records.every(
      (r) =>
        typeof r === 'object' &&
        r !== null &&
        typeof r.series === 'string' &&
        typeof r.maxLoad === 'number' &&
        (r.cliffContainers === null || typeof r.cliffContainers === 'number') &&
        Array.isArray(r.failedBy) &&
        Array.isArray(r.perSeed),
    );
  if (!ok)
    throw new InputError(`${file} is not a lockcliff cliffs.json (series, cliffContainers, maxLoad …)`, {
      path: 'dir',
    });
  return (records as Record<string, unknown>[]).map(cliffFromJson);
}

async function plot(dir: string, format: ReportFormat): Promise<void> {
  const results = readResults(dir);
  const files = await writeReport(dir, results, readCliffs(dir, results), format);
  console.log(
    `wrote ${files
      .filter((f) => !f.endsWith('.vl.json') && !f.endsWith('.svg'))
      .map((f) => `${dir}/${f}`)
      .join(', ')} (and .vl.json, .svg)`,
  );
}

/** Joins the shards of one sweep: same identity, every shard once; the result is the unsharded sweep's. */
async function merge(dirs: readonly string[], out: string, charts: boolean, format: ReportFormat): Promise<void> {
  checkOutDir(out);
  const shards = dirs.map((d) => ({ dir: d, m: readManifest(d), r: readResults(d) }));
  const first = shards[0];
  if (first === undefined) throw new InputError('name the shard folders to merge', { path: 'DIR' });
  const count = first.m.shard?.count;
  for (const s of shards) {
    if (s.m.shard === undefined) throw new InputError(`${s.dir} is not a shard (its sweep ran whole)`, { path: 'DIR' });
    if (s.m.identity !== first.m.identity || s.m.shard.count !== count)
      throw new InputError(`${s.dir} is a shard of another sweep than ${first.dir}`, { path: 'DIR' });
  }
  const seen = new Set(shards.map((s) => s.m.shard?.index));
  if (seen.size !== shards.length || seen.size !== count)
    throw new InputError(
      `shards ${[...seen].map((i) => (i as number) + 1).join(', ')} of ${count}: every shard once is needed`,
      { path: 'DIR' },
    );
  const rows = shards.flatMap((s) => s.r.rows).sort((a, b) => a.index - b.index);
  const merged: SweepResults = { ...first.r, rows };
  const context = mergeContexts(
    shards.map((s) => s.r.context),
    merged,
  );
  const results: SweepResults = { ...merged, ...(context !== undefined && { context }) };
  const cliffs = cliffsOf(results);
  clearOutputs(out);
  await writeSweepOutputs(out, results, cliffs, charts, { kind: 'sweep', identity: first.m.identity }, format);
  console.log(cliffTable(cliffs, results));
  console.log(`merged ${shards.length} shards (${rows.length} runs) into ${out}`);
}

export function registerSweep(yargs: Argv): Argv {
  return yargs
    .command(
      'sweep <scenario>',
      'Run a scenario over varied fields × seeds in parallel; write results, cliffs and charts',
      sweepOptions,
      sweep,
    )
    .command(
      'merge <dirs..>',
      'Join the shard folders of one sweep (lockcliff sweep --shard I/N) into the unsharded result',
      (c) =>
        c
          .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'the shard output folders' })
          .option('out', { type: 'string', demandOption: true, describe: 'output folder' })
          .option('charts', { type: 'boolean', default: true, describe: 'render charts and the report' })
          .option('format', FORMAT_OPTION),
      (args) => merge(args.dirs, args.out, args.charts, args.format as ReportFormat),
    )
    .command(
      'plot <dir>',
      'Render the charts and the report of a sweep or cliff folder (its results.json) again',
      (c) =>
        c
          .positional('dir', { type: 'string', demandOption: true, describe: 'an output folder of sweep or cliff' })
          .option('format', FORMAT_OPTION),
      (args) => plot(args.dir, args.format as ReportFormat),
    );
}
