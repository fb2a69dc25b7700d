// The charts of a sweep or a cliff search against the load (containers started at once), drawn so
// that every series stays visible: one panel per machine (and SMT), the runtime strategies in each
// told apart by colour and marker shape and labelled at their last point, the deadline or timeout as a
// dashed line, each cliff as a vertical rule, axes scaled to the data. Specs only (Vega-Lite).

import { config as baseConfig, SCHEMA, type Spec } from './charts.ts';

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

export const PANEL_WIDTH = 260;
export const PANEL_HEIGHT = 220;

/** The shared style, with legends under the panels and facet headers. */
export const config = {
  ...baseConfig,
  legend: { ...baseConfig.legend, orient: 'bottom', columns: 3 },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 600 },
};

/** Row headers written across, not up the side. */
export const ROW_HEADER = { labelAngle: 0, labelAlign: 'left', labelLimit: 260 };

export const VARIANT = {
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
