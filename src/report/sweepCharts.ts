// The charts of a sweep, chosen here: success rate and p99 start latency against the load per series
// (cliffs marked), the start-latency CDF and the lock waits at the load nearest the incident's, and
// mountinfo read time against the mount table's size. Specs only; rendering is render.ts.

import {
  type CliffResult,
  DEFAULT_PROBE_TIMEOUT_S,
  nonLoadFields,
  type SweepResults,
  type SweepRow,
  seriesKey,
  seriesMeans,
} from '../experiment/index.ts';
import { WAIT_BUCKETS } from '../metrics/index.ts';
import {
  type CurvePoint,
  latencyCdfChart,
  lockWaitChart,
  mountinfoChart,
  p99Chart,
  type Spec,
  successChart,
} from './charts.ts';

/** The CDF and lock-wait charts show the runs at the load nearest this (the incident's 100 containers). */
const CHART_LOAD = 100;

/** The charts of a sweep, as Vega-Lite specs by file name. */
export function sweepCharts(results: SweepResults, cliffs: readonly CliffResult[]): Record<string, Spec> {
  const nonLoad = nonLoadFields(results);
  const first = results.rows[0]?.outcome;
  const subtitle = first === undefined ? '' : `${first.layers} layers × ${first.passes} passes; ${results.scenario}`;
  // Mean over seeds per series and load.
  const curve: CurvePoint[] = seriesMeans(results).map((a) => ({
    series: a.series,
    group: a.group,
    variant: a.variant,
    containers: a.containers,
    successRate: a.successRate,
    p99Seconds: a.p99Seconds,
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
  const target = loads.reduce(
    (best, l) => (Math.abs(l - CHART_LOAD) < Math.abs(best - CHART_LOAD) ? l : best),
    loads[0] ?? CHART_LOAD,
  );
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
      results.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_S,
      `${subtitle}; longest host-table read by the runtime or a probe, per run`,
    ),
  };
}
