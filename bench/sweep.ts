// The full flagship sweep of issue 6 and DESIGN §4: 4 machine configurations × 2 strategies ×
// 30 loads (10…300 containers) × 5 seeds = 1,200 runs on two worker threads. Target: under 60 s.
// `--quick` runs one seed (240 runs) and scales the wall time by the events still to run.

import { runSweep } from '../src/experiment/index.ts';

export const SWEEP_TARGET_SECONDS = 60;

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
      vary: [
        'machine+smt=r5.metal+on,m7i.metal-24xl+on,m7i.metal-24xl+off,m7a.24xlarge+off',
        'strategy=per-layer-idmap,common-parent',
        'containers=10:300:10',
      ],
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
