// The flagship question two ways, on two worker threads: by search (`lockcliff cliff`, the way
// `npm start` answers it: 4 machine configurations × 2 strategies, a cliff with a 90% interval;
// target under 60 s) and as the full grid (4 × 2 × 30 loads, 10…300 containers, × 5 seeds = 1,200
// runs; target under 120 s). `--quick` runs the grid with one seed and scales the wall time by 5.

import { runCliffSearch, runSweep } from '../src/experiment/index.ts';

export const SWEEP_TARGET_SECONDS = 120;
export const CLIFF_TARGET_SECONDS = 60;

const SERIES = [
  'machine+smt=r5.metal+on,m7i.metal-24xl+on,m7i.metal-24xl+off,m7a.24xlarge+off',
  'strategy=per-layer-idmap,common-parent',
];

export interface CliffBench {
  readonly runs: number;
  readonly wallSeconds: number;
  readonly cliffs: readonly {
    readonly series: string;
    readonly cliff: number | null;
    readonly low: number | null;
    readonly high: number | null;
  }[];
}

export async function benchCliff(): Promise<CliffBench> {
  const t0 = performance.now();
  const { results, cliffs } = await runCliffSearch({
    scenario: 'scenarios/mount-mayhem.yaml',
    vary: SERIES,
    load: 'containers=10:310',
    seeds: 3,
    confidence: 0.9,
    jobs: 2,
    set: [],
    threshold: 0.99,
    probeTimeouts: true,
  });
  return {
    runs: results.rows.length,
    wallSeconds: (performance.now() - t0) / 1000,
    cliffs: cliffs.map((c) => ({
      series: c.combination.series ?? '',
      cliff: c.cliffContainers,
      low: c.low,
      high: c.high,
    })),
  };
}

export interface SweepBench {
  readonly runs: number;
  readonly seeds: number;
  readonly jobs: number;
  readonly wallSeconds: number;
  /** Wall time of the full 5-seed sweep: measured, or scaled from the quick one (see `measured`). */
  readonly fullSweepSeconds: number;
  readonly measured: boolean;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Share of all events in per-layer-idmap runs, and in runs of ≥ 200 containers. */
  readonly perLayerEventShare: number;
  readonly bigRunEventShare: number;
  /** The costliest single run. */
  readonly largestRun: { readonly point: Readonly<Record<string, string>>; readonly events: number };
}

export async function benchSweep(options: { quick: boolean }): Promise<SweepBench> {
  const seeds = options.quick ? 1 : 5;
  const jobs = 2;
  {
    const t0 = performance.now();
    const { results } = await runSweep({
      scenario: 'scenarios/mount-mayhem.yaml',
      vary: [...SERIES, 'containers=10:300:10'],
      seeds,
      jobs,
      set: [],
      threshold: 0.99,
    });
    const wallSeconds = (performance.now() - t0) / 1000;
    let events = 0;
    let perLayer = 0;
    let big = 0;
    let largest = results.rows[0];
    for (const r of results.rows) {
      const e = r.outcome.events;
      events += e;
      if (r.point['burst.strategy'] === 'per-layer-idmap') perLayer += e;
      if (Number(r.point['burst.containers']) >= 200) big += e;
      if (largest === undefined || e > largest.outcome.events) largest = r;
    }
    return {
      runs: results.rows.length,
      seeds,
      jobs,
      wallSeconds,
      // Seeds change the events little: the full sweep is ≈ 5 × the one-seed sweep.
      fullSweepSeconds: options.quick ? wallSeconds * 5 : wallSeconds,
      measured: !options.quick,
      events,
      eventsPerSecond: events / wallSeconds,
      perLayerEventShare: perLayer / events,
      bigRunEventShare: big / events,
      largestRun: { point: largest?.point ?? {}, events: largest?.outcome.events ?? 0 },
    };
  }
}
