// The charts that say why, against the load or at one load (Vega-Lite specs): where the CPUs' time
// went, where the lock time went, start-latency distributions, lock waits by decade, mountinfo reads
// against the table's size. Same style as the load charts (loadCharts.ts): a panel per machine or
// series, strategies told apart by colour and shape in the same colours everywhere.

import { SCHEMA, type Spec } from './charts.ts';
import { config, type LoadPoint, PANEL_HEIGHT, PANEL_WIDTH, ROW_HEADER, VARIANT } from './loadCharts.ts';

/** The panels' order: machines as the sweep listed them; strategies alphabetical. */
function sorted<T extends { readonly group: string; readonly variant: string }>(
  xs: readonly T[],
): [string[], string[]] {
  // Strategies in alphabetical order, as the load charts' colour scale has them, so colours agree across charts.
  return [[...new Set(xs.map((x) => x.group))], [...new Set(xs.map((x) => x.variant))].sort()];
}

/** Shares of the CPUs' time against the load: work, writers and readers spinning, idle — a row per machine, a column per strategy. */
export function cpuChart(points: readonly LoadPoint[], subtitle: string): Spec {
  const kinds = [
    ['work', 'useful work'],
    ['spinReaders', 'path lookups spinning (readers)'],
    ['spinWriters', 'writers spinning'],
    ['idle', 'idle or other work'],
  ] as const;
  const complete = points.filter((p) => typeof p.work === 'number');
  const [groups, variants] = sorted(complete);
  const values = complete.flatMap((p) =>
    kinds.map(([k, label], order) => ({
      group: p.group,
      variant: p.variant,
      containers: p.containers,
      kind: label,
      order,
      share: p[k] as number,
    })),
  );
  return {
    $schema: SCHEMA,
    title: { text: 'Where the CPUs’ time went', subtitle },
    config,
    data: { values },
    facet: {
      row: { field: 'group', type: 'nominal', title: null, sort: groups, header: ROW_HEADER },
      column: { field: 'variant', type: 'nominal', title: null, sort: variants },
    },
    spec: {
      width: 280,
      height: 110,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'containers', type: 'ordinal', title: 'containers started at once' },
        y: {
          field: 'share',
          type: 'quantitative',
          stack: 'zero',
          scale: { domain: [0, 1] },
          title: 'share of CPU time',
          axis: { format: '%', tickCount: 3 },
        },
        color: {
          field: 'kind',
          type: 'nominal',
          title: null,
          sort: kinds.map(([, l]) => l),
          scale: { domain: kinds.map(([, l]) => l), range: ['#4c78a8', '#e45756', '#f58518', '#d9d9d9'] },
          legend: { columns: 4 },
        },
        order: { field: 'order' },
      },
    },
    resolve: { scale: { x: 'independent' } },
  };
}

/** Lock waits and holds, and the propagation walks' share, against the load: a row per strategy, a column per figure, a line per machine. */
export function lockTimeChart(points: readonly LoadPoint[], subtitle: string): Spec {
  const figures = [
    ['nsWaitMs', 'namespace_sem wait, mean (ms)'],
    ['nsHoldMs', 'namespace_sem hold, mean (ms)'],
    ['mlHoldMs', 'mount_lock hold, mean (ms)'],
    ['walkShare', 'namespace_sem write time walking'],
  ] as const;
  const complete = points.filter((p) => typeof p.nsWaitMs === 'number');
  const [groups, variants] = sorted(complete);
  const values = complete.flatMap((p) =>
    figures.map(([k, label]) => ({
      series: p.series,
      group: p.group,
      variant: p.variant,
      containers: p.containers,
      figure: label,
      value: p[k] as number,
    })),
  );
  return {
    $schema: SCHEMA,
    title: { text: 'Where the lock time went', subtitle: `${subtitle}; each panel scaled to its data` },
    config,
    data: { values },
    facet: {
      row: { field: 'variant', type: 'nominal', title: null, sort: variants },
      column: { field: 'figure', type: 'nominal', title: null, sort: figures.map(([, l]) => l) },
    },
    spec: {
      width: 210,
      height: 150,
      mark: { type: 'line', point: { size: 30, filled: true }, strokeWidth: 1.5 },
      encoding: {
        x: { field: 'containers', type: 'quantitative', title: 'containers started at once', scale: { nice: false } },
        y: { field: 'value', type: 'quantitative', title: null },
        color: { field: 'group', type: 'nominal', title: 'machine, SMT', sort: groups },
        shape: { field: 'group', type: 'nominal', title: 'machine, SMT', sort: groups },
        tooltip: [{ field: 'series' }, { field: 'containers' }, { field: 'value', format: '.3f' }],
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

export interface CdfLine {
  readonly series: string;
  readonly variant: string;
  /** Which run: at the load every series ran, or this series' last load below its cliff. */
  readonly at: string;
  readonly containers: number;
  /** Start latency at the quantiles 0.05 … 1.00 (s). */
  readonly quantiles: readonly number[];
}

/**
 * Start-latency distributions, a panel per series (rows) and run (columns: the shared load, the last
 * load below the cliff), each scaled to its own data: the starts of a burst finish close together, so
 * one axis for all would draw vertical lines.
 */
export function cdfChart(lines: readonly CdfLine[], subtitle: string): Spec {
  const series = [...new Set(lines.map((l) => l.series))];
  const variants = [...new Set(lines.map((l) => l.variant))];
  const values = lines.flatMap((l) =>
    l.quantiles.map((seconds, i) => ({
      series: l.series,
      variant: l.variant,
      at: l.at,
      label: `${l.containers} containers`,
      seconds,
      fraction: (i + 1) / l.quantiles.length,
    })),
  );
  return {
    $schema: SCHEMA,
    title: {
      text: 'Distribution of container start latency',
      subtitle: `${subtitle}; each panel scaled to its data (the starts of a burst finish close together); quantiles exact to 1.6%`,
    },
    config,
    data: { values },
    facet: {
      row: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: series,
        header: { labelAngle: 0, labelAlign: 'left' },
      },
      column: { field: 'at', type: 'nominal', title: null },
    },
    spec: {
      width: 300,
      height: 70,
      layer: [
        {
          mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, point: { size: 14, filled: true } },
          encoding: {
            x: {
              field: 'seconds',
              type: 'quantitative',
              title: 'start latency (s)',
              scale: { zero: false, nice: false },
              axis: { tickCount: 4 },
            },
            y: { field: 'fraction', type: 'quantitative', title: null, axis: { format: '%', tickCount: 2 } },
            color: { field: 'variant', type: 'nominal', title: 'runtime strategy', sort: variants },
          },
        },
        {
          transform: [{ filter: 'datum.fraction === 1' }],
          mark: { type: 'text', align: 'left', x: 4, y: 8, fontSize: 10, color: '#555' },
          encoding: { text: { field: 'label' } },
        },
      ],
    },
    resolve: { scale: { x: 'independent' } },
  };
}

export interface WaitShare {
  readonly group: string;
  readonly variant: string;
  readonly lock: string;
  readonly bucket: string;
  readonly share: number;
}

/** How long acquisitions waited, per lock (rows) and machine (columns): the share of acquisitions in each decade of wait. */
export function waitShareChart(bars: readonly WaitShare[], buckets: readonly string[], subtitle: string): Spec {
  const [groups, variants] = sorted(bars);
  return {
    $schema: SCHEMA,
    title: { text: 'How long acquisitions waited, per lock', subtitle },
    config,
    data: { values: bars },
    facet: {
      row: { field: 'lock', type: 'nominal', title: null },
      column: { field: 'group', type: 'nominal', title: null, sort: groups },
    },
    spec: {
      width: 260,
      height: 140,
      mark: 'bar',
      encoding: {
        x: { field: 'bucket', type: 'ordinal', sort: buckets, title: 'wait' },
        xOffset: { field: 'variant', type: 'nominal', sort: variants },
        y: { field: 'share', type: 'quantitative', title: 'share of acquisitions', axis: { format: '%' } },
        color: { field: 'variant', type: 'nominal', title: 'runtime strategy', sort: variants },
        tooltip: [{ field: 'group' }, { field: 'variant' }, { field: 'bucket' }, { field: 'share', format: '.2%' }],
      },
    },
  };
}

export interface TableRead {
  readonly group: string;
  readonly variant: string;
  readonly tableSize: number;
  readonly readSeconds: number;
}

/** The slowest host mountinfo read against the mount table's peak size, a panel per machine. */
export function tableReadChart(points: readonly TableRead[], timeoutSeconds: number, subtitle: string): Spec {
  const [groups, variants] = sorted(points);
  const rows = [
    ...points.map((p) => ({ role: 'point', ...p })),
    ...groups.map((group) => ({
      role: 'limit',
      group,
      readSeconds: timeoutSeconds,
      label: `probe timeout ${timeoutSeconds} s`,
    })),
  ];
  const only = (role: string) => [{ filter: `datum.role === '${role}'` }];
  const y = { field: 'readSeconds', type: 'quantitative', title: 'slowest host mountinfo read (s)' };
  return {
    $schema: SCHEMA,
    title: { text: 'Reading /proc/<pid>/mountinfo against the size of the mount table', subtitle },
    config,
    data: { values: rows },
    facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups } },
    spec: {
      width: PANEL_WIDTH,
      height: PANEL_HEIGHT,
      layer: [
        {
          transform: only('point'),
          mark: { type: 'point', filled: true, size: 45, opacity: 0.85 },
          encoding: {
            x: { field: 'tableSize', type: 'quantitative', title: 'peak host mount table (mounts)' },
            y,
            color: { ...VARIANT.color, sort: variants },
            shape: { ...VARIANT.shape, sort: variants },
            tooltip: [{ field: 'variant' }, { field: 'tableSize' }, { field: 'readSeconds', format: '.3f' }],
          },
        },
        { transform: only('limit'), mark: { type: 'rule', strokeDash: [4, 4], color: '#c00' }, encoding: { y } },
        {
          transform: only('limit'),
          mark: { type: 'text', align: 'left', x: 3, dy: 10, color: '#c00', fontSize: 10 },
          encoding: { y, text: { field: 'label' } },
        },
      ],
    },
  };
}
