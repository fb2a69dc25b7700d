// `lockcliff lockbench` and `lockcliff locks list`.

import type { Argv } from 'yargs';
import { InputError, parseDuration } from '../core/index.ts';
import {
  loadLatencyParams,
  loadPreset,
  machineSpecOf,
  type PlacementPolicy,
  type Preset,
  Topology,
} from '../hw/index.ts';
import { descriptorOf, EXCLUSIVE_LOCKS, LOCK_DESCRIPTORS, resolveParams } from '../sync/index.ts';
import { type LockbenchOptions, type LockbenchRow, runLockbench } from '../workload/index.ts';
import { join } from 'node:path';
import { handoffCells, handoffHeatmap } from '../report/index.ts';
import { checkOutDir } from './outputDir.ts';
import { writeCharts } from './writeCharts.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

/** "1,2,4,8", "1..96", "1..8,16,32": thread counts, ascending, unique. */
export function parseThreadList(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const p = part.trim();
    const range = /^(\d+)\.\.(\d+)$/.exec(p);
    if (range !== null) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      if (lo < 1 || hi < lo)
        throw new InputError(`bad range "${p}": expected LOW..HIGH with 1 ≤ LOW ≤ HIGH`, { path: '--threads' });
      for (let n = lo; n <= hi; n++) out.add(n);
    } else if (/^\d+$/.test(p) && Number(p) >= 1) out.add(Number(p));
    else
      throw new InputError(`bad thread count "${p}": expected a list like 1,2,4,8 or a range like 1..96`, {
        path: '--threads',
      });
  }
  return [...out].sort((a, b) => a - b);
}

/** "spread" | "compact" | "socket0" | "0,2,4" | "0-7,48-55". */
export function parsePlacement(text: string): PlacementPolicy {
  if (text === 'spread' || text === 'compact' || text === 'socket0') return text;
  const cpus: number[] = [];
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (m === null) {
      throw new InputError(`bad placement "${text}": expected spread, compact, socket0 or a cpu list like 0-7,48-55`, {
        path: '--placement',
      });
    }
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    for (let c = lo; c <= hi; c++) cpus.push(c);
  }
  return cpus;
}

function parseParams(list: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError(`bad --param "${item}": expected NAME=VALUE`, { path: '--param' });
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

function tableRow(r: LockbenchRow): string {
  const h = r.handoffs;
  return [
    String(r.threads).padStart(7),
    Math.round(r.throughputPerSecond).toLocaleString('en-US').padStart(13),
    r.acquireLatencyNs.mean.toFixed(0).padStart(9),
    r.acquireLatencyNs.p50.toFixed(0).padStart(8),
    r.acquireLatencyNs.p99.toFixed(0).padStart(9),
    `${h.smt}/${h.sameL3}/${h.crossL3}/${h.crossSocket}`.padStart(26),
    `${(r.spinFraction * 100).toFixed(1)}%`.padStart(7),
    r.fairness.toFixed(3).padStart(8),
    r.writeWindowNs === undefined ? '' : `${r.writeWindowNs.toFixed(0).padStart(9)}`,
    r.readers === undefined ? '' : `${r.readers.reads}/${r.readers.retries}`.padStart(16),
  ].join(' ');
}

function printLocks(format: 'table' | 'json'): void {
  if (format === 'json') {
    console.log(JSON.stringify(LOCK_DESCRIPTORS, null, 2));
    return;
  }
  for (const d of LOCK_DESCRIPTORS) {
    console.log(`${d.name.padEnd(10)} ${d.summary}`);
    console.log(`${''.padEnd(10)} fairness: ${d.fairness}; kind: ${d.kind}; source: ${d.source}`);
    for (const p of d.params) {
      const range = p.range === undefined ? '' : ` (range ${p.range[0]}–${p.range[1]})`;
      const choices = p.choices === undefined ? '' : ` [${p.choices.join('|')}]`;
      console.log(`${''.padEnd(12)}--param ${p.name}=${p.default}${choices}${range}: ${p.doc}`);
    }
  }
}

function lockbenchOptions(c: Argv) {
  return c
    .option('machine', { type: 'string', demandOption: true, describe: 'preset name or file (`models list`)' })
    .option('lock', { choices: EXCLUSIVE_LOCKS, demandOption: true, describe: 'algorithm (`locks list`)' })
    .option('threads', { type: 'string', default: '1,2,4,8', describe: 'thread counts: 1,2,4,8 or 1..96' })
    .option('smt', {
      choices: ['on', 'off'] as const,
      default: 'on' as const,
      describe: 'SMT siblings online (on) or offline (off)',
    })
    .option('placement', { type: 'string', default: 'spread', describe: 'spread | compact | socket0 | cpu list' })
    .option('cs', { type: 'string', default: '400cyc', describe: 'critical section (e.g. 400cyc, 150ns)' })
    .option('think', {
      type: 'string',
      default: '2us',
      describe: 'mean think time between release and next acquire',
    })
    .option('think-dist', {
      choices: ['exponential', 'fixed'] as const,
      default: 'exponential' as const,
      describe: 'think times: exponential with mean --think, or fixed',
    })
    .option('duration', { type: 'string', default: '20ms', describe: 'simulated time per thread count' })
    .option('warmup', { type: 'string', default: '2ms', describe: 'simulated time not measured, at the start' })
    .option('param', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'lock parameter NAME=VALUE',
    })
    .option('readers', {
      type: 'number',
      default: 0,
      describe: 'seqlock: path-lookup readers, lookups/s on every hardware thread no writer uses',
    })
    .option('reader-work', { type: 'string', default: '1.2us', describe: 'length of one lookup (read section)' })
    .option('seed', { type: 'string', default: '1', describe: 'run seed: same options and seed, same result' })
    .option('out', {
      type: 'string',
      describe: 'also write rows.json and a handoff-distance heatmap (.vl.json/.svg/.png) here',
    })
    .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' });
}

type LockbenchArgs = Awaited<ReturnType<ReturnType<typeof lockbenchOptions>['parseAsync']>>;

/** Validates the flags (nothing runs on bad input) and returns one run's options per thread count. */
function lockbenchRuns(args: LockbenchArgs): { preset: Preset; runs: LockbenchOptions[] } {
  const preset = loadPreset(args.machine);
  const clockHz = preset.clockGHz.value * 1e9;
  const duration = (flag: string, text: string): number => parseDuration(text, { clockHz, path: `--${flag}` });
  const csPs = duration('cs', args.cs);
  const thinkPs = duration('think', args.think);
  const durationPs = duration('duration', args.duration);
  const warmupPs = duration('warmup', args.warmup);
  const readerWorkPs = duration('reader-work', args['reader-work']);
  if (!(Number.isFinite(args.readers) && args.readers >= 0))
    throw new InputError(`expected a non-negative rate of lookups per second, got ${args.readers}`, {
      path: '--readers',
    });
  if (args.out !== undefined) checkOutDir(args.out);
  if (!(warmupPs < durationPs)) throw new InputError('--warmup must be shorter than --duration', { path: '--warmup' });
  const descriptor = descriptorOf(args.lock);
  if (descriptor === undefined) throw new InputError(`unknown lock ${args.lock}`, { path: '--lock' });
  const lockParams = resolveParams(descriptor, parseParams(args.param), preset.clockGHz.value, '--param');
  const machine = machineSpecOf(preset, loadLatencyParams(args.machine, preset));
  const placement = parsePlacement(args.placement);
  const threadCounts = parseThreadList(args.threads);
  const online = new Topology(preset.layout, args.smt === 'on').onlineCpus().length;
  const tooMany = threadCounts.filter((n) => n > online);
  if (tooMany.length > 0) {
    throw new InputError(
      `${tooMany.join(', ')} threads: ${preset.name} has ${online} online hardware threads with SMT ${args.smt}; lockbench runs one thread per hardware thread`,
      { path: '--threads' },
    );
  }
  const runs = threadCounts.map((threads) => ({
    machine,
    lock: args.lock,
    lockParams,
    threads,
    smt: args.smt === 'on',
    placement,
    csPs,
    thinkPs,
    thinkDistribution: args['think-dist'],
    durationPs,
    warmupPs,
    seed: args.seed,
    readersPerCpuPerSecond: args.readers,
    readerWorkPs,
  }));
  return { preset, runs };
}

async function lockbench(args: LockbenchArgs): Promise<void> {
  const { preset, runs } = lockbenchRuns(args);
  const table = args.format === 'table';
  if (table) {
    console.log(
      `${preset.name}, ${args.lock}, SMT ${args.smt}, placement ${args.placement}, cs ${args.cs}, think ${args.think} (${args['think-dist']}), ${args.duration} per point (first ${args.warmup} not measured), seed ${args.seed}`,
    );
    console.log(
      `threads  acquires/s      mean ns   p50 ns    p99 ns  handoffs smt/L3/xL3/xSock   spin  fairness${args.lock === 'seqlock' ? '  window ns  reads/retries' : ''}`,
    );
  }
  const rows: LockbenchRow[] = [];
  for (const run of runs) {
    const row = runLockbench(run);
    rows.push(row);
    if (table) console.log(tableRow(row));
  }
  const out = rows.map(({ events: _events, ...rest }) => rest);
  if (args.format === 'json') console.log(JSON.stringify(out, null, 2));
  if (args.out === undefined) return;
  writeFileAtomic(join(args.out, 'rows.json'), `${JSON.stringify(out, null, 2)}\n`);
  const subtitle = `${preset.name}, ${args.lock}, SMT ${args.smt}, placement ${args.placement}, cs ${args.cs}, think ${args.think}`;
  await writeCharts(args.out, { 'lockbench-handoffs': handoffHeatmap(handoffCells(rows), subtitle) });
  if (table) console.log(`wrote ${args.out}/rows.json and lockbench-handoffs.{vl.json,svg,png}`);
}

export function registerLockbench(yargs: Argv): Argv {
  return yargs
    .command('locks', 'Lock algorithms: list', (y) =>
      y
        .command(
          'list',
          'List the lock algorithms with their parameters and sources',
          (c) =>
            c.option('format', {
              choices: ['table', 'json'] as const,
              default: 'table' as const,
              describe: 'output format',
            }),
          (args) => printLocks(args.format),
        )
        .demandCommand(1, 'name a locks subcommand: list'),
    )
    .command(
      'lockbench',
      'N threads on one lock: think, acquire, critical section, release — per thread count',
      lockbenchOptions,
      lockbench,
    );
}
