// Engine benchmark: M/M/1 events per second on the engine (generator processes, the way models are
// written), on the engine's callback path, on a hand-written single-purpose loop (the reference
// measured in this same run) and in SimPy 3; plus the hold model with 10^5 pending events.
// The variants of a comparison run in turn, round after round (a shared VM's speed drifts between
// moments); figures are medians over the rounds, and a share is the median of the rounds' shares.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type GeneratorDepthResult, runGeneratorDepth } from './models/generatorDepth.ts';
import { runHold, runHoldCallbacks } from './models/hold.ts';
import { runMm1 } from './models/mm1.ts';
import { runMm1Callbacks } from './models/mm1Callbacks.ts';
import { runMm1Handwritten } from './models/mm1Handwritten.ts';

const US = 1_000_000;
const ARRIVAL_MEAN_PS = 1 * US;
const SERVICE_MEAN_PS = 0.8 * US;

export interface EngineBenchResult {
  /** Customers served per wall second (the models differ in events per customer, not in customers). */
  engineCustomersPerSecond: number;
  callbackCustomersPerSecond: number;
  referenceCustomersPerSecond: number;
  simpyCustomersPerSecond: number | null;
  engineEventsPerSecond: number;
  callbackEventsPerSecond: number;
  referenceEventsPerSecond: number;
  simpyEventsPerSecond: number | null;
  simpySkippedBecause: string | null;
  ratioVsSimpy: number | null;
  /** The generator path's share of the ceiling in customers: the median of the rounds', and its range. */
  ratioVsReference: number;
  ratioVsReferenceRange: [number, number];
  pendingEventsPerSecond: number;
  /** The hold model on the callback path (no generators), 10^5 pending. */
  pendingCallbackEventsPerSecond: number;
  /** Generator resumes per second without an engine: directly, through `yield*` chains, through chains made per wait. */
  generatorResumes: GeneratorDepthResult[];
  targets: { referenceShare: number; ratioVsSimpy: number; pendingEventsPerSecond: number };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Events and customers per wall second of one variant, a figure per round. */
interface Rates {
  readonly events: number[];
  readonly customers: number[];
}

/** Runs `variants` in turn, `repeats` rounds; each variant's rates by round. */
function inRounds(
  variants: readonly (() => { events: number; wallSeconds: number; served?: number })[],
  repeats: number,
): Rates[] {
  const out: Rates[] = variants.map(() => ({ events: [], customers: [] }));
  for (let round = 0; round < repeats; round++) {
    variants.forEach((run, v) => {
      const r = run();
      const rates = out[v] as Rates;
      rates.events.push(r.events / r.wallSeconds);
      rates.customers.push((r.served ?? 0) / r.wallSeconds);
    });
  }
  return out;
}

function medians(r: Rates): { events: number; customers: number } {
  return { events: median(r.events), customers: median(r.customers) };
}

/** The Debian python3 with SimPy 3, installing python3-simpy3 if we can; or why the peer is skipped. */
function findSimpy(): { python: string } | { skipped: string } {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const hasSimpy = (): boolean => spawnSync(python, ['-c', 'import simpy'], { stdio: 'ignore' }).status === 0;
  if (hasSimpy()) return { python };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('SimPy is missing: installing Debian package python3-simpy3 …');
    const install = spawnSync('/bin/sh', ['-c', 'apt-get update -qq && apt-get install -y -qq python3-simpy3'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (install.status === 0 && hasSimpy()) return { python };
    return { skipped: `installing python3-simpy3 failed (apt-get exit ${install.status})` };
  }
  return {
    skipped: `${python} cannot import simpy and this user cannot install python3-simpy3 (run: apt-get install python3-simpy3)`,
  };
}

export function benchEngine(options: { quick?: boolean } = {}): EngineBenchResult {
  const repeats = options.quick === true ? 3 : 5;
  const horizonPs = (options.quick === true ? 400_000 : 1_500_000) * ARRIVAL_MEAN_PS;

  // Warm the JIT on every variant before timing any of them.
  runMm1(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 50_000 * ARRIVAL_MEAN_PS);
  runMm1Callbacks(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 50_000 * ARRIVAL_MEAN_PS);
  runMm1Handwritten(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 50_000 * ARRIVAL_MEAN_PS);

  // The variants run in turn, round after round, so that each round's figures are taken at the same
  // moment: on a shared VM the machine's speed drifts by tens of percent between moments, and the
  // share of the ceiling is the median of the per-round shares.
  const [engineRounds, callbackRounds, referenceRounds] = inRounds(
    [
      () => runMm1(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, horizonPs),
      () => runMm1Callbacks(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, horizonPs),
      () => runMm1Handwritten(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, horizonPs),
    ],
    repeats,
  ) as [Rates, Rates, Rates];
  const engine = medians(engineRounds);
  const callbacks = medians(callbackRounds);
  const reference = medians(referenceRounds);
  const shares = engineRounds.customers.map((c, i) => c / (referenceRounds.customers[i] as number));
  // Same seed, same streams: the three must serve the same customers, or one of them is wrong.
  const served = [
    runMm1(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 20_000 * ARRIVAL_MEAN_PS).served,
    runMm1Callbacks(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 20_000 * ARRIVAL_MEAN_PS).served,
    runMm1Handwritten(ARRIVAL_MEAN_PS, SERVICE_MEAN_PS, 20_000 * ARRIVAL_MEAN_PS).served,
  ];
  if (new Set(served).size !== 1) throw new Error(`M/M/1 variants disagree on customers served: ${served.join(', ')}`);

  const holdEvents = options.quick === true ? 1_000_000 : 3_000_000;
  const [holdRounds, holdCallbackRounds] = inRounds(
    [() => runHold(100_000, holdEvents), () => runHoldCallbacks(100_000, holdEvents)],
    repeats,
  ) as [Rates, Rates];
  const hold = median(holdRounds.events);
  const holdCallbacks = median(holdCallbackRounds.events);

  const resumes = options.quick === true ? 2_000_000 : 6_000_000;
  // The model's chains: container start → strategy pass → syscall → lock operation (+ its helper).
  const chains: [number, number | null][] = [
    [1, null],
    [5, null],
    [5, 3],
    [5, 1],
  ];
  const generatorResumes = chains.map(([depth, perChain]) => {
    runGeneratorDepth(depth, perChain, resumes / 10);
    const rates: number[] = [];
    for (let i = 0; i < repeats; i++) rates.push(runGeneratorDepth(depth, perChain, resumes).resumesPerSecond);
    return { depth, waitsPerChain: perChain, resumesPerSecond: median(rates) };
  });

  let simpyEventsPerSecond: number | null = null;
  let simpyCustomersPerSecond: number | null = null;
  let simpySkippedBecause: string | null = null;
  const simpy = findSimpy();
  if ('python' in simpy) {
    const rates: number[] = [];
    const customerRates: number[] = [];
    const horizon = options.quick === true ? '100000' : '300000';
    for (let i = 0; i < 3; i++) {
      const out = execFileSync(simpy.python, ['bench/models/mm1_simpy.py', '1', '0.8', horizon, String(i + 1)], {
        encoding: 'utf8',
      });
      const r = JSON.parse(out) as { events: number; wallSeconds: number; served?: number };
      rates.push(r.events / r.wallSeconds);
      customerRates.push((r.served ?? 0) / r.wallSeconds);
    }
    simpyEventsPerSecond = median(rates);
    simpyCustomersPerSecond = median(customerRates);
  } else {
    simpySkippedBecause = simpy.skipped;
  }

  return {
    engineCustomersPerSecond: engine.customers,
    callbackCustomersPerSecond: callbacks.customers,
    referenceCustomersPerSecond: reference.customers,
    simpyCustomersPerSecond,
    engineEventsPerSecond: engine.events,
    callbackEventsPerSecond: callbacks.events,
    referenceEventsPerSecond: reference.events,
    simpyEventsPerSecond,
    simpySkippedBecause,
    // In customers: the engine and SimPy run the same model, the reference is a loop without an engine.
    ratioVsSimpy: simpyCustomersPerSecond === null ? null : engine.customers / simpyCustomersPerSecond,
    ratioVsReference: median(shares),
    ratioVsReferenceRange: [Math.min(...shares), Math.max(...shares)],
    pendingEventsPerSecond: hold,
    pendingCallbackEventsPerSecond: holdCallbacks,
    generatorResumes,
    targets: { referenceShare: 0.6, ratioVsSimpy: 30, pendingEventsPerSecond: 3.5e6 },
  };
}
