// The charts of a sweep, chosen here: success rate and p99 start latency against the load per series
// (cliffs marked), the start-latency CDF and the lock waits at the load nearest the incident's, and
// mountinfo read time against the mount table's size. Specs only; rendering is render.ts.

import {
  type CliffResult,
  criterionOf,
  DEFAULT_PROBE_TIMEOUT_S,
  describeCriterion,
  groupKey,
  nonLoadFields,
  type SweepResults,
  type SweepRow,
  seriesKey,
  variantKey,
  verdictOf,
} from '../experiment/index.ts';
import { WAIT_BUCKETS } from '../metrics/index.ts';
import type { Spec } from './charts.ts';
import { type CliffAt, type LoadPoint, loadChart } from './loadCharts.ts';
import { cdfChart, cpuChart, lockTimeChart, tableReadChart, waitShareChart } from './whyCharts.ts';

/** The CDF and lock-wait charts show the runs at the load nearest this (the incident's 100 containers). */
const CHART_LOAD = 100;

/**
 * Per series and load: the share of runs that pass the failure criterion, over all runs, and the means
 * over the seeds' complete runs (runs stopped at their first failure have only lower bounds; a load
 * with none has no figures but the share).
 */
function loadPoints(results: SweepResults): LoadPoint[] {
  const nonLoad = nonLoadFields(results);
  const criterion = criterionOf(results);
  const acc = new Map<string, { key: LoadPoint; rows: SweepRow[]; all: SweepRow[] }>();
  for (const row of results.rows) {
    const series = seriesKey(row, nonLoad);
    const k = `${series}\u0000${row.outcome.containers}`;
    const a = acc.get(k) ?? {
      key: { series, group: groupKey(row), variant: variantKey(row, nonLoad), containers: row.outcome.containers },
      rows: [],
      all: [],
    };
    acc.set(k, a);
    a.all.push(row);
    if (row.outcome.stoppedAtFailure === undefined) a.rows.push(row);
  }
  return [...acc.values()].map(({ key, rows, all }) => {
    const passShare = all.filter((r) => !verdictOf(r.outcome, criterion).failed).length / all.length;
    if (rows.length === 0) return { ...key, passShare };
    const mean = (f: (o: SweepRow['outcome']) => number): number =>
      rows.reduce((x, r) => x + f(r.outcome), 0) / rows.length;
    const max = (f: (o: SweepRow['outcome']) => number): number => Math.max(...rows.map((r) => f(r.outcome)));
    return {
      ...key,
      passShare,
      p99Seconds: mean((o) => o.startLatencySeconds.p99),
      successRate: mean((o) => o.startSuccessRate),
      mountinfoSeconds: max((o) => o.mountinfoReadSecondsMax),
      probeSeconds: max((o) => o.probeSecondsMax ?? 0),
      work: mean((o) => o.cpuProfile.work),
      spinReaders: mean((o) => o.cpuProfile.spinReaders),
      spinWriters: mean((o) => o.cpuProfile.spinWriters),
      // The background readers' spinning is counted apart from the scheduler's CPUs (their lookups run
      // on CPUs the burst leaves idle), so the chart's fourth share is what remains.
      idle: mean((o) => Math.max(0, 1 - o.cpuProfile.work - o.cpuProfile.spinWriters - o.cpuProfile.spinReaders)),
      nsWaitMs: mean((o) => o.locks.namespace_sem.waitMeanUs / 1000),
      nsHoldMs: mean((o) => o.locks.namespace_sem.holdMeanUs / 1000),
      mlHoldMs: mean((o) => o.locks.mount_lock.holdMeanUs / 1000),
      walkShare: mean((o) => o.propagation?.walkShare.namespaceSemWrite ?? 0),
    };
  });
}

/** A load that every series ran to completion, the nearest to the incident's 100 containers (undefined: none). */
export function sharedLoad(results: SweepResults): number | undefined {
  const nonLoad = nonLoadFields(results);
  const complete = results.rows.filter((r) => r.outcome.stoppedAtFailure === undefined);
  const seriesCount = new Set(complete.map((r) => seriesKey(r, nonLoad))).size;
  return [...new Set(complete.map((r) => r.outcome.containers))]
    .filter(
      (l) =>
        new Set(complete.filter((r) => r.outcome.containers === l).map((r) => seriesKey(r, nonLoad))).size ===
        seriesCount,
    )
    .sort((a, b) => Math.abs(a - CHART_LOAD) - Math.abs(b - CHART_LOAD) || a - b)[0];
}

/** The charts of a sweep or a cliff search, as Vega-Lite specs by file name. */
export function sweepCharts(results: SweepResults, cliffs: readonly CliffResult[]): Record<string, Spec> {
  const nonLoad = nonLoadFields(results);
  const first = results.rows[0]?.outcome;
  const subtitle = first === undefined ? '' : `${first.layers} layers × ${first.passes} passes; ${results.scenario}`;
  const points = loadPoints(results);
  const bySeries = new Map(points.map((p) => [p.series, p]));
  const marks: CliffAt[] = cliffs.flatMap((c) => {
    const p = bySeries.get(c.combination.series ?? '');
    return c.cliffContainers === null || p === undefined
      ? []
      : [{ group: p.group, variant: p.variant, containers: c.cliffContainers }];
  });
  const timeout = results.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_S;
  const allLoads = points.map((p) => p.containers);
  const loads: [number, number] = [Math.min(...allLoads), Math.max(...allLoads)];
  const cliffNote = 'dotted: each series’ cliff';
  // A load every series ran to completion, nearest the incident's; and each series' last complete load below its cliff.
  const complete = results.rows.filter((r) => r.outcome.stoppedAtFailure === undefined);
  const shared = sharedLoad(results);
  const firstAt = (series: string, load: number | undefined) =>
    complete.find((r) => seriesKey(r, nonLoad) === series && r.outcome.containers === load);
  const seriesNames = [...new Set(complete.map((r) => seriesKey(r, nonLoad)))];
  const sharedRows = seriesNames.flatMap((s) => {
    const r = firstAt(s, shared);
    return r === undefined ? [] : [{ series: s, row: r }];
  });
  // Each series' largest complete load below its cliff, or its largest load when it has none.
  const cliffOfSeries = new Map(cliffs.map((c) => [c.combination.series ?? '', c.cliffContainers]));
  const edgeRows = seriesNames.flatMap((s) => {
    const cliff = cliffOfSeries.get(s) ?? null;
    const top = complete
      .filter((r) => seriesKey(r, nonLoad) === s && (cliff === null || r.outcome.containers < cliff))
      .reduce<SweepRow | undefined>(
        (b, r) => (b === undefined || r.outcome.containers > b.outcome.containers ? r : b),
        undefined,
      );
    return top === undefined || top.outcome.containers === shared ? [] : [{ series: s, row: top }];
  });
  const sharedAt = `every series at ${shared} containers`;
  const edgeAt = 'each at its last load below its cliff (or its largest)';
  return {
    'cliff-p99': loadChart(points, marks, {
      title: 'p99 container start latency',
      subtitle: `${subtitle}; ${cliffNote}`,
      field: 'p99Seconds',
      yTitle: 'p99 start latency (s, log scale)',
      log: true,
      loads,
      limit: { value: results.deadlineSeconds, label: `deadline ${results.deadlineSeconds} s` },
    }),
    'cliff-success': loadChart(points, marks, {
      title: 'Runs in which the node stays healthy',
      subtitle: `failed: ${describeCriterion(criterionOf(results))}; ${cliffNote}`,
      field: 'passShare',
      yTitle: 'share of seeds that pass',
      percent: true,
      loads,
    }),
    'probe-vs-load': loadChart(points, marks, {
      title: 'The slowest health probe (a mountinfo read of the host table)',
      subtitle: `${subtitle}; ${cliffNote}`,
      field: 'probeSeconds',
      yTitle: 'slowest health probe (s, log scale)',
      log: true,
      loads,
      limit: { value: timeout, label: `probe timeout ${timeout} s` },
    }),
    'start-latency-cdf': cdfChart(
      [
        ...sharedRows.map(({ series, row }) => ({
          series,
          variant: variantKey(row, nonLoad),
          containers: row.outcome.containers,
          at: sharedAt,
          quantiles: row.outcome.startLatencyQuantiles,
        })),
        ...edgeRows.map(({ series, row }) => ({
          series,
          variant: variantKey(row, nonLoad),
          containers: row.outcome.containers,
          at: edgeAt,
          quantiles: row.outcome.startLatencyQuantiles,
        })),
      ],
      `${subtitle}; first seed`,
    ),
    'cpu-profile': cpuChart(points, subtitle),
    'lock-time': lockTimeChart(points, subtitle),
    'lock-waits': waitShareChart(
      sharedRows.flatMap(({ row }) =>
        Object.entries(row.outcome.locks).flatMap(([lock, s]) => {
          const total = s.waitBuckets.reduce((a, b) => a + b, 0);
          return s.waitBuckets.map((count, order) => ({
            group: groupKey(row),
            variant: variantKey(row, nonLoad),
            lock,
            bucket: WAIT_BUCKETS[order] as string,
            share: total === 0 ? 0 : count / total,
          }));
        }),
      ),
      WAIT_BUCKETS,
      `${shared} containers, first seed; ${subtitle}`,
    ),
    'mountinfo-vs-table': tableReadChart(
      complete
        .filter((r) => r.outcome.mountinfoReadSecondsMax > 0)
        .map((r) => ({
          group: groupKey(r),
          variant: variantKey(r, nonLoad),
          tableSize: r.outcome.mountTablePeak,
          readSeconds: r.outcome.mountinfoReadSecondsMax,
        })),
      timeout,
      `${subtitle}; longest host-table read by the runtime or a probe, per run`,
    ),
  };
}
