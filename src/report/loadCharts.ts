// The charts of a sweep or a cliff search against the load (containers started at once), drawn so
// that every series stays visible: one panel per machine (and SMT), the runtime strategies in each
// told apart by colour and marker shape and labelled at their last point, the deadline or timeout as a
// dashed line, each cliff as a vertical rule, axes scaled to the data. Specs only (Vega-Lite).

import type { Spec } from './charts.ts';

/** A series' mean figures at one load (runs that stopped at their first failure left out). */
export interface LoadPoint {
  readonly series: string;
  /** Machine and SMT: the panel. */
  readonly group: string;
  /** Strategy or other varied fields: colour, shape and label within the panel. */
  readonly variant: string;
  readonly containers: number;
  readonly [figure: string]: string | number;
}

/** A series' cliff (its panel, its label) for the vertical rule. */
export interface CliffAt {
  readonly group: string;
  readonly variant: string;
  readonly containers: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const PANEL_WIDTH = 260;
const PANEL_HEIGHT = 220;

const config = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400, titleLimit: 400, orient: 'bottom', columns: 3 },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 600 },
};

/** Row headers written across, not up the side. */
const ROW_HEADER = { labelAngle: 0, labelAlign: 'left', labelLimit: 260 };

const VARIANT = {
  color: { field: 'variant', type: 'nominal', title: 'runtime strategy' },
  shape: { field: 'variant', type: 'nominal', title: 'runtime strategy' },
};

/** Powers of ten (and their 2× and 5×) between lo and hi: readable ticks for a log axis. */
export function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  if (!(lo > 0 && hi >= lo)) return out;
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo / 1.0001 && v <= hi * 1.0001) out.push(Number(v.toPrecision(3)));
    }
  return out;
}

export interface LoadChart {
  readonly title: string;
  readonly subtitle: string;
  /** The figure on the y axis, its title, and how to scale it. */
  readonly field: string;
  readonly yTitle: string;
  readonly log?: boolean;
  readonly percent?: boolean;
  /** A limit drawn as a dashed red line (a deadline, a timeout, a threshold) and its label. */
  readonly limit?: { readonly value: number; readonly label: string };
  /** The loads on the x axis (default: those of the points drawn), the same for every chart of a sweep. */
  readonly loads?: readonly [number, number];
}

/**
 * One figure against the load, a panel per machine, the cliffs as vertical rules. A facet gives every
 * layer the same data, so the rows carry a role (line, label, cliff, limit) that each layer filters on;
 * the limit has a row in every panel.
 */
export function loadChart(points: readonly LoadPoint[], cliffs: readonly CliffAt[], c: LoadChart): Spec {
  const values = points.filter((p) => typeof p[c.field] === 'number' && (c.log !== true || (p[c.field] as number) > 0));
  const ys = values.map((p) => p[c.field] as number);
  const limit = c.limit === undefined ? [] : [c.limit.value];
  const lo = c.log === true ? Math.min(...ys, ...limit) : 0;
  const hi = Math.max(...ys, ...limit);
  const loads = c.loads ?? [Math.min(...values.map((p) => p.containers)), Math.max(...values.map((p) => p.containers))];
  const groups = [...new Set(points.map((p) => p.group))];
  const x = {
    field: 'containers',
    type: 'quantitative',
    title: 'containers started at once',
    scale: { domain: [loads[0], loads[1]], nice: false },
  };
  const y = {
    field: 'y',
    type: 'quantitative',
    title: c.yTitle,
    ...(c.log === true
      ? { scale: { type: 'log', domain: [lo, hi] }, axis: { values: logTicks(lo, hi) } }
      : { scale: { domain: [0, c.percent === true ? 1 : hi], nice: c.percent !== true } }),
    ...(c.percent === true && { axis: { format: '%' } }),
  };
  // The last point of each line carries its label.
  const last = new Map<string, LoadPoint>();
  for (const p of values) if ((last.get(p.series)?.containers ?? -1) < p.containers) last.set(p.series, p);
  const rows = [
    ...values.map((p) => ({
      role: 'line',
      series: p.series,
      group: p.group,
      variant: p.variant,
      containers: p.containers,
      y: p[c.field],
    })),
    ...[...last.values()].map((p) => ({
      role: 'label',
      group: p.group,
      variant: p.variant,
      containers: p.containers,
      y: p[c.field],
    })),
    ...cliffs.map((x) => ({
      role: 'cliff',
      group: x.group,
      variant: x.variant,
      containers: x.containers,
      label: `cliff ${x.containers}`,
    })),
    ...(c.limit === undefined
      ? []
      : groups.map((group) => ({
          role: 'limit',
          group,
          y: c.limit?.value,
          label: c.limit?.label,
          containers: loads[0],
        }))),
  ];
  const only = (role: string) => [{ filter: `datum.role === '${role}'` }];
  const layers: Spec[] = [
    {
      transform: only('line'),
      mark: { type: 'line', point: { size: 45, filled: true }, strokeWidth: 2 },
      encoding: {
        x,
        y,
        ...VARIANT,
        tooltip: [{ field: 'series' }, { field: 'containers' }, { field: 'y', title: c.field }],
      },
    },
    {
      transform: only('label'),
      mark: { type: 'text', align: 'right', dy: -9, fontSize: 10 },
      encoding: { x, y, text: { field: 'variant' }, color: VARIANT.color },
    },
    {
      transform: only('cliff'),
      mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1.5 },
      encoding: { x: { field: 'containers', type: 'quantitative' }, color: VARIANT.color },
    },
    {
      transform: only('cliff'),
      mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, y: PANEL_HEIGHT * 0.45 },
      encoding: { x: { field: 'containers', type: 'quantitative' }, text: { field: 'label' }, color: VARIANT.color },
    },
  ];
  if (c.limit !== undefined)
    layers.push(
      { transform: only('limit'), mark: { type: 'rule', strokeDash: [4, 4], color: '#c00' }, encoding: { y } },
      {
        transform: only('limit'),
        mark: { type: 'text', align: 'left', dx: 3, dy: 10, color: '#c00', fontSize: 10 },
        encoding: { y, x, text: { field: 'label' } },
      },
    );
  return {
    $schema: SCHEMA,
    title: { text: c.title, subtitle: c.subtitle },
    config,
    data: { values: rows },
    facet: { column: { field: 'group', type: 'nominal', title: null, sort: groups } },
    spec: { width: PANEL_WIDTH, height: PANEL_HEIGHT, layer: layers },
    resolve: { scale: { x: 'shared', y: 'shared' } },
  };
}

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
