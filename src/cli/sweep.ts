// `lockcliff sweep SCENARIO --vary … --seeds N [--jobs N] [--out DIR]` and `lockcliff plot DIR`.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import {
  type CliffResult,
  type Dimension,
  detectCliffs,
  expandPoints,
  parseVary,
  runTasks,
  type SweepPoint,
} from '../experiment/index.ts';
import {
  type CurvePoint,
  latencyCdfChart,
  lockWaitChart,
  mountinfoChart,
  p99Chart,
  type ReportTable,
  renderPng,
  renderSvg,
  reportHtml,
  type Spec,
  successChart,
  toCsv,
} from '../report/index.ts';
import { buildBurst, durationOf, type Scenario } from '../scenario/index.ts';
import { type BurstMachine, type BurstOptions, type BurstOutcome, runBurst, WAIT_BUCKETS } from '../workload/index.ts';
import { machineOf, readScenario, smtLabel } from './run.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

const LOAD = 'burst.containers';

/** `a+b=x+y,z+w` varies two fields together; anything else is one field (see parseVary). */
export function parseDimensions(specs: readonly string[]): Dimension[][] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const names = spec.slice(0, Math.max(0, eq));
    if (!names.includes('+')) return [parseVary(spec)];
    const fields = names.split('+');
    const tuples = spec
      .slice(eq + 1)
      .split(',')
      .map((t) => t.split('+'));
    for (const t of tuples) {
      if (t.length !== fields.length)
        throw new InputError(`"${t.join('+')}" has ${t.length} parts for ${fields.length} fields (${names})`, {
          path: '--vary',
        });
    }
    return fields.map((f, i) => parseVary(`${f}=${tuples.map((t) => t[i]).join(',')}`));
  });
}

/** Points of joined dimensions: the fields of one joined group move together. */
function points(groups: readonly Dimension[][], seeds: readonly string[]): SweepPoint[] {
  // Encode each group as one dimension whose values are the tuples, then split them back.
  const sep = '\u0000';
  const joined: Dimension[] = groups.map((g) => ({
    field: g.map((d) => d.field).join(sep),
    values: (g[0] as Dimension).values.map((_, i) => g.map((d) => d.values[i] as string).join(sep)),
  }));
  return expandPoints(joined, seeds).map((p) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.values)) {
      const fields = k.split(sep);
      const parts = v.split(sep);
      fields.forEach((f, i) => {
        values[f] = parts[i] as string;
      });
    }
    return { ...p, values };
  });
}

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
  readonly rows: readonly SweepRow[];
}

/** Machine and SMT of a row (a chart line's colour). */
const groupKey = (row: SweepRow): string => `${row.outcome.machine}, ${smtLabel(row.outcome)}`;

/** The other varied fields of a row (a chart line's dash). */
const variantKey = (row: SweepRow, fields: readonly string[]): string => {
  const parts: string[] = [];
  if (fields.includes('burst.strategy')) parts.push(row.outcome.strategy);
  for (const f of fields) {
    if (['machine', 'smt', 'burst.strategy', LOAD].includes(f)) continue;
    parts.push(`${f.split('.').at(-1)}=${row.point[f]}`);
  }
  return parts.length === 0 ? row.outcome.strategy : parts.join(', ');
};

const seriesKey = (row: SweepRow, fields: readonly string[]): string => {
  const o = row.outcome;
  const parts: string[] = [];
  if (fields.includes('machine') || fields.length === 0) parts.push(o.machine);
  if (fields.includes('smt') || fields.includes('machine')) parts.push(smtLabel(o));
  if (fields.includes('burst.strategy')) parts.push(o.strategy);
  for (const f of fields) {
    if (['machine', 'smt', 'burst.strategy', LOAD].includes(f)) continue;
    parts.push(`${f.split('.').at(-1)}=${row.point[f]}`);
  }
  return parts.join(', ');
};

function flatRow(row: SweepRow): Record<string, string | number | boolean | null> {
  const o = row.outcome;
  const flat: Record<string, string | number | boolean | null> = { index: row.index, seed: row.seed };
  for (const [k, v] of Object.entries(row.point)) flat[k] = v;
  flat.machine = o.machine;
  flat.smt = o.smtCapable === false ? 'none' : o.smt ? 'on' : 'off';
  flat.containers = o.containers;
  flat.layers = o.layers;
  flat.passes = o.passes;
  flat.strategy = o.strategy;
  flat.mountOps = o.mountOps;
  for (const [k, v] of Object.entries(o.startLatencySeconds)) flat[`startLatency_${k}_s`] = v;
  flat.startSuccessRate = o.startSuccessRate;
  flat.probes = o.probes;
  flat.probeTimeouts = o.probeTimeouts;
  flat.mountinfoReadSecondsMax = o.mountinfoReadSecondsMax;
  flat.systemdBacklogSecondsMax = o.systemdBacklogSecondsMax;
  flat.spinFraction = o.spinFraction;
  flat.contestedFraction = o.contestedFraction;
  flat.falseSharingFraction = o.falseSharingFraction;
  flat.mountTablePeak = o.mountTablePeak;
  flat.readersTurnedWriters = o.readersTurnedWriters;
  for (const [lock, s] of Object.entries(o.locks)) {
    flat[`${lock}_waitMean_us`] = s.waitMeanUs;
    flat[`${lock}_holdMean_us`] = s.holdMeanUs;
  }
  flat.simulatedSeconds = o.simulatedSeconds;
  flat.events = o.events;
  return flat;
}

export function cliffsOf(results: SweepResults): CliffResult[] {
  const nonLoad = results.varied.filter((f) => f !== LOAD);
  const groups = new Map<
    string,
    {
      combination: Record<string, string>;
      rows: { load: number; seed: string; successRate: number; p99Seconds: number }[];
    }
  >();
  for (const row of results.rows) {
    const combination: Record<string, string> = { series: seriesKey(row, nonLoad) };
    for (const f of nonLoad) combination[f] = row.point[f] as string;
    const key = JSON.stringify(combination);
    const g = groups.get(key) ?? { combination, rows: [] };
    groups.set(key, g);
    g.rows.push({
      load: row.outcome.containers,
      seed: row.seed,
      successRate: row.outcome.startSuccessRate,
      p99Seconds: row.outcome.startLatencySeconds.p99,
    });
  }
  return detectCliffs(groups, results.threshold, results.deadlineSeconds);
}

/** The charts of a sweep, as Vega-Lite specs by file name. */
export function sweepCharts(results: SweepResults, cliffs: readonly CliffResult[]): Record<string, Spec> {
  const nonLoad = results.varied.filter((f) => f !== LOAD);
  const first = results.rows[0]?.outcome;
  const subtitle = first === undefined ? '' : `${first.layers} layers × ${first.passes} passes; ${results.scenario}`;
  // Mean over seeds per series and load.
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
  const curve: CurvePoint[] = [...acc.values()].map((a) => ({
    series: a.series,
    group: a.group,
    variant: a.variant,
    containers: a.containers,
    successRate: a.s / a.n,
    p99Seconds: a.p / a.n,
  }));
  const groupOf = new Map(curve.map((c) => [c.series, c.group]));
  const marks = cliffs
    .filter((c) => c.cliffContainers !== null)
    .map((c) => ({
      series: c.combination.series as string,
      group: groupOf.get(c.combination.series as string) ?? '',
      containers: c.cliffContainers as number,
    }));
  // Runs nearest the scenario's own load, first seed, one per series, for the CDF and the lock waits.
  const loads = [...new Set(results.rows.map((r) => r.outcome.containers))].sort((a, b) => a - b);
  const target = loads.reduce((best, l) => (Math.abs(l - 100) < Math.abs(best - 100) ? l : best), loads[0] ?? 100);
  const seed = results.rows[0]?.seed;
  const picked = new Map<string, SweepRow>();
  for (const row of results.rows)
    if (row.outcome.containers === target && row.seed === seed) picked.set(seriesKey(row, nonLoad), row);
  const at = `${target} containers, seed ${seed}; ${subtitle}`;
  return {
    'cliff-success': successChart(
      curve,
      marks,
      results.threshold,
      `${subtitle}; ▼ marks a cliff (${cliffs[0]?.criterion ?? ''})`,
    ),
    'cliff-p99': p99Chart(curve, results.deadlineSeconds, subtitle),
    'start-latency-cdf': latencyCdfChart(
      [...picked.entries()].map(([series, r]) => ({ series, quantiles: r.outcome.startLatencyQuantiles })),
      at,
    ),
    'lock-waits': lockWaitChart(
      [...picked.entries()].flatMap(([series, r]) =>
        Object.entries(r.outcome.locks).flatMap(([lock, s]) =>
          s.waitBuckets.map((count, order) => ({ series, lock, bucket: WAIT_BUCKETS[order] as string, order, count })),
        ),
      ),
      WAIT_BUCKETS,
      at,
    ),
    'mountinfo-vs-table': mountinfoChart(
      // Runs in which the runtime or a probe read the host's mountinfo.
      results.rows
        .filter((r) => r.outcome.mountinfoReadSecondsMax > 0)
        .map((r) => ({
          series: seriesKey(r, nonLoad),
          tableSize: r.outcome.mountTablePeak,
          readSeconds: r.outcome.mountinfoReadSecondsMax,
        })),
      results.probeTimeoutSeconds ?? 30,
      `${subtitle}; longest host-table read by the runtime or a probe, per run`,
    ),
  };
}

function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  return [join(root, 'ttf', 'DejaVuSans.ttf'), join(root, 'ttf', 'DejaVuSans-Bold.ttf')];
}

export async function writeCharts(
  dir: string,
  charts: Record<string, Spec>,
): Promise<{ name: string; file: string; svg: string }[]> {
  const fonts = fontFiles();
  const written: { name: string; file: string; svg: string }[] = [];
  for (const [name, spec] of Object.entries(charts)) {
    const svg = await renderSvg(spec);
    const png = await renderPng(svg, fonts);
    writeFileAtomic(join(dir, `${name}.vl.json`), `${JSON.stringify(spec, null, 2)}\n`);
    writeFileAtomic(join(dir, `${name}.svg`), svg);
    writeFileAtomic(join(dir, `${name}.png`), png);
    written.push({ name, file: `${name}.png`, svg });
  }
  return written;
}

/** The sweep's design-review report: cliffs, p99 and success per series and load, the charts. */
export function sweepReport(
  results: SweepResults,
  cliffs: readonly CliffResult[],
  charts: readonly { name: string; svg: string }[],
): string {
  const nonLoad = results.varied.filter((f) => f !== LOAD);
  const loads = [...new Set(results.rows.map((r) => r.outcome.containers))].sort((a, b) => a - b);
  const seeds = [...new Set(results.rows.map((r) => r.seed))];
  const mean = new Map<string, { p: number; s: number; n: number }>();
  const series: string[] = [];
  for (const row of results.rows) {
    const key = seriesKey(row, nonLoad);
    if (!series.includes(key)) series.push(key);
    const k = `${key}\u0000${row.outcome.containers}`;
    const m = mean.get(k) ?? { p: 0, s: 0, n: 0 };
    mean.set(k, m);
    m.p += row.outcome.startLatencySeconds.p99;
    m.s += row.outcome.startSuccessRate;
    m.n++;
  }
  const byLoad = (caption: string, f: (m: { p: number; s: number; n: number }) => string): ReportTable => ({
    caption,
    headers: ['series', ...loads.map(String)],
    rows: series.map((name) => [
      name,
      ...loads.map((l) => {
        const m = mean.get(`${name}\u0000${l}`);
        return m === undefined ? '' : f(m);
      }),
    ]),
  });
  const first = results.rows[0]?.outcome;
  return reportHtml({
    title: `lockcliff sweep: ${results.scenario}`,
    subtitle:
      first === undefined
        ? ''
        : `${first.layers} layers × ${first.passes} passes; ${results.rows.length} runs: ${loads.length} loads × ${series.length} series × ${seeds.length} seed(s)`,
    notes: [
      `Varied: ${results.varied.join(', ')}. Seeds: ${seeds.join(', ')}.`,
      `A cliff is the smallest load at which the start success rate falls below ${results.threshold} or the p99 start latency reaches the ${results.deadlineSeconds} s deadline; the interval is a 95% confidence interval across seeds. "none" means no cliff within the swept range.`,
      'These are the model’s predictions under its documented parameters (lockcliff scenario explain lists them, with sources and ranges); see the README for what the model does and does not reproduce.',
    ],
    tables: [
      {
        caption: 'Cliffs',
        headers: ['series', 'cliff (containers)', '95% interval', 'per seed', 'criterion'],
        rows: cliffs.map((c) => [
          c.combination.series ?? '',
          c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : c.cliffContainers,
          c.cliffContainers === null ? '' : `[${c.low ?? '?'}, ${c.high ?? '>'}]`,
          c.perSeed.map((x) => (x === null ? '–' : String(x))).join(' '),
          c.criterion,
        ]),
      },
      byLoad('p99 start latency (s), mean over seeds, by containers started at once', (m) => (m.p / m.n).toFixed(3)),
      byLoad(
        'start success rate, mean over seeds, by containers started at once',
        (m) => `${((100 * m.s) / m.n).toFixed(1)}%`,
      ),
    ],
    charts,
  });
}

/**
 * The cliff per combination, and how close each comes at the largest load swept: its p99 start
 * against the deadline, its longest mountinfo read against the health probes' timeout (means and
 * maxima over seeds).
 */
export function cliffTable(cliffs: readonly CliffResult[], results: SweepResults): string {
  const nonLoad = results.varied.filter((f) => f !== LOAD);
  const secs = (x: number): string => `${x < 1 ? x.toFixed(2) : x.toFixed(1)} s`;
  const lines = ['cliff (containers)   interval        at the largest load                          combination'];
  for (const c of cliffs) {
    const value = c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : String(c.cliffContainers);
    const interval = c.cliffContainers === null ? '' : `[${c.low ?? '?'}, ${c.high ?? '>'}]`;
    const top = results.rows.filter(
      (r) => r.outcome.containers === c.maxLoad && seriesKey(r, nonLoad) === c.combination.series,
    );
    const p99 = top.reduce((a, r) => a + r.outcome.startLatencySeconds.p99, 0) / Math.max(1, top.length);
    const mountinfo = Math.max(0, ...top.map((r) => r.outcome.mountinfoReadSecondsMax));
    const near = top.length === 0 ? '' : `${c.maxLoad}: p99 start ${secs(p99)}, mountinfo ${secs(mountinfo)}`;
    lines.push(`${value.padEnd(20)} ${interval.padEnd(15)} ${near.padEnd(44)} ${c.combination.series}`);
  }
  lines.push(
    `(cliff: start success < ${results.threshold} or p99 start ≥ the ${results.deadlineSeconds} s deadline; a mountinfo read past the ${results.probeTimeoutSeconds ?? 30} s probe timeout fails health checks)`,
  );
  return lines.join('\n');
}

function progress(label: string): (done: number, total: number, workDone: number) => void {
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

export interface SweepArgs {
  readonly scenario: string;
  readonly vary: readonly string[];
  readonly seeds: number;
  readonly jobs: number;
  readonly out: string;
  readonly set: readonly string[];
  readonly threshold: number;
  readonly charts: boolean;
}

export async function runSweep(a: SweepArgs): Promise<{ results: SweepResults; cliffs: CliffResult[] }> {
  if (!(Number.isInteger(a.seeds) && a.seeds >= 1))
    throw new InputError(`--seeds must be a positive integer, got ${a.seeds}`, { path: '--seeds' });
  if (!(a.threshold > 0 && a.threshold <= 1))
    throw new InputError(`--threshold must be in (0, 1], got ${a.threshold}`, { path: '--threshold' });
  const base = readScenario(a.scenario, a.set);
  const groups = parseDimensions(a.vary);
  const varied = groups.flat().map((d) => d.field);
  const baseSeed = String(base.values.seed);
  const seeds = Array.from({ length: a.seeds }, (_, i) => (a.seeds === 1 ? baseSeed : `${baseSeed}.${i + 1}`));
  const pts = points(groups, seeds);
  // Validate and build every point before running any (bad input: nothing is written).
  const machines = new Map<string, BurstMachine>();
  const tasks: BurstOptions[] = pts.map((p) => {
    const sets = [...a.set, ...Object.entries(p.values).map(([k, v]) => `${k}=${v}`), `seed=${p.seed}`];
    const s: Scenario = readScenario(a.scenario, sets);
    const name = String(s.values.machine);
    let machine = machines.get(name);
    if (machine === undefined) {
      machine = machineOf(name);
      machines.set(name, machine);
    }
    return buildBurst(s, machine);
  });
  const outcomes = await runTasks(tasks, {
    jobs: a.jobs,
    workerUrl: new URL('../../bin/sweep-worker.js', import.meta.url),
    inline: runBurst,
    cost: burstCost,
    onProgress: progress(`sweep ${a.scenario}`),
  });
  const results: SweepResults = {
    scenario: a.scenario,
    varied,
    threshold: a.threshold,
    deadlineSeconds: durationOf(base, 'burst.deadline') / 1e12,
    probeTimeoutSeconds: durationOf(base, 'probes.timeout') / 1e12,
    rows: pts.map((p, i) => ({ index: p.index, seed: p.seed, point: p.values, outcome: outcomes[i] as BurstOutcome })),
  };
  const cliffs = cliffsOf(results);
  writeFileAtomic(join(a.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(join(a.out, 'results.csv'), toCsv(results.rows.map(flatRow)));
  writeFileAtomic(join(a.out, 'cliffs.json'), `${JSON.stringify(cliffs.map(cliffJson), null, 2)}\n`);
  if (a.charts) {
    const charts = await writeCharts(a.out, sweepCharts(results, cliffs));
    writeFileAtomic(join(a.out, 'report.html'), sweepReport(results, cliffs, charts));
  }
  return { results, cliffs };
}

/**
 * A run's relative cost, for handing out the costliest runs first and for the ETA: it grows with
 * the syscalls and with the table they walk and read, ≈ containers^1.5 (measured over the flagship
 * sweep: 100 → 300 containers costs 4.4–5.5× the wall time), per-layer idmaps ≈ 2 event-heavy steps
 * per layer and pass, ≈ 1 otherwise (per-layer runs take ≈ 2× common-parent's at 50 layers).
 */
export function burstCost(o: BurstOptions): number {
  const perPass = o.strategy === 'per-layer-idmap' ? 2 * o.layers : o.layers + 4;
  return o.containers ** 1.5 * o.passes * perPass;
}

function cliffJson(c: CliffResult) {
  return {
    ...c.combination,
    cliffContainers: c.cliffContainers,
    low: c.low,
    high: c.high,
    criterion: c.criterion,
    perSeed: c.perSeed,
    maxLoad: c.maxLoad,
  };
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
          .option('charts', { type: 'boolean', default: true, describe: 'render charts (--no-charts to skip)' }),
      async (args) => {
        const { results, cliffs } = await runSweep({
          scenario: args.scenario,
          vary: args.vary,
          seeds: args.seeds,
          jobs: args.jobs,
          out: args.out,
          set: args.set,
          threshold: args.threshold,
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
