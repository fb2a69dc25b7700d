// Vega-Lite specs for the charts design reviews read. Pure functions: data in, spec out. Every chart
// has a title, axis titles with units and a legend where there are series.

export type Spec = Record<string, unknown>;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;
const HEIGHT = 300;

export interface CurvePoint {
  readonly series: string;
  /** Machine and SMT: the line's colour. */
  readonly group: string;
  /** Strategy or other varied fields: the line's dash. */
  readonly variant: string;
  readonly containers: number;
  readonly successRate: number;
  readonly p99Seconds: number;
}

export interface CliffMark {
  readonly series: string;
  readonly group: string;
  readonly containers: number;
}

const config = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400, titleLimit: 400 },
};

/**
 * How the cliff curves tell series apart: colour and marker shape by machine/SMT (a shape too, so a
 * curve hidden under another with the same values still shows), line dash by runtime strategy.
 */
const CURVE_SERIES = {
  color: { field: 'group', type: 'nominal', title: 'machine, SMT' },
  shape: { field: 'group', type: 'nominal', title: 'machine, SMT' },
  strokeDash: {
    field: 'variant',
    type: 'nominal',
    title: 'runtime strategy',
    legend: { symbolType: 'stroke', symbolStrokeWidth: 2, symbolSize: 400, symbolStrokeColor: '#333' },
  },
};

/** Start success rate vs containers, one line per series, the cliffs marked. */
export function successChart(
  points: readonly CurvePoint[],
  cliffs: readonly CliffMark[],
  threshold: number,
  subtitle: string,
): Spec {
  return {
    $schema: SCHEMA,
    title: { text: 'Container starts that finish before the deadline', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config,
    layer: [
      {
        data: { values: points },
        mark: { type: 'line', point: { size: 50, filled: false, strokeWidth: 1.5 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'containers', type: 'quantitative', title: 'containers started at once' },
          y: {
            field: 'successRate',
            type: 'quantitative',
            title: 'start success rate (share of starts)',
            scale: { domain: [0, 1] },
            axis: { format: '%' },
          },
          ...CURVE_SERIES,
          tooltip: [{ field: 'series' }, { field: 'containers' }, { field: 'successRate', format: '.1%' }],
        },
      },
      {
        data: { values: [{ threshold }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888' },
        encoding: { y: { field: 'threshold', type: 'quantitative' } },
      },
      {
        data: { values: cliffs },
        mark: { type: 'point', shape: 'triangle-down', size: 160, filled: true },
        encoding: {
          x: { field: 'containers', type: 'quantitative' },
          y: { datum: threshold, type: 'quantitative' },
          color: { field: 'group', type: 'nominal' },
          tooltip: [{ field: 'series' }, { field: 'containers', title: 'cliff' }],
        },
      },
    ],
  };
}

/** p99 start latency vs containers (log scale), with the deadline. */
export function p99Chart(points: readonly CurvePoint[], deadlineSeconds: number, subtitle: string): Spec {
  return {
    $schema: SCHEMA,
    title: { text: 'p99 container start latency', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config,
    layer: [
      {
        data: { values: points.map((p) => ({ ...p, p99Seconds: Math.max(p.p99Seconds, 0.001) })) },
        mark: { type: 'line', point: { size: 50, filled: false, strokeWidth: 1.5 }, strokeWidth: 2 },
        encoding: {
          x: { field: 'containers', type: 'quantitative', title: 'containers started at once' },
          y: {
            field: 'p99Seconds',
            type: 'quantitative',
            title: 'p99 start latency (s, log scale)',
            scale: { type: 'log' },
          },
          ...CURVE_SERIES,
          tooltip: [{ field: 'series' }, { field: 'containers' }, { field: 'p99Seconds', format: '.3f' }],
        },
      },
      limitRule(deadlineSeconds, `deadline ${deadlineSeconds} s`),
    ],
  };
}

/** A dashed red horizontal line at `value` with its label at the left edge (a deadline, a timeout). */
function limitRule(value: number, label: string): Spec {
  return {
    data: { values: [{ limit: value, label }] },
    layer: [
      {
        mark: { type: 'rule', strokeDash: [4, 4], color: '#c00' },
        encoding: { y: { field: 'limit', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: '#c00' },
        encoding: {
          y: { field: 'limit', type: 'quantitative' },
          x: { datum: 0, type: 'quantitative' },
          text: { field: 'label' },
        },
      },
    ],
  };
}

export interface CdfSeries {
  readonly series: string;
  /** Start latency at the quantiles 0.05 … 1.00. */
  readonly quantiles: readonly number[];
}

export function latencyCdfChart(series: readonly CdfSeries[], subtitle: string): Spec {
  const values = series.flatMap((s) =>
    s.quantiles.map((seconds, i) => ({
      series: s.series,
      seconds: Math.max(seconds, 0.001),
      fraction: (i + 1) / s.quantiles.length,
    })),
  );
  return {
    $schema: SCHEMA,
    title: { text: 'Distribution of container start latency', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
    encoding: {
      x: { field: 'seconds', type: 'quantitative', title: 'start latency (s, log scale)', scale: { type: 'log' } },
      y: { field: 'fraction', type: 'quantitative', title: 'share of starts at or below', axis: { format: '%' } },
      color: { field: 'series', type: 'nominal', title: 'machine / SMT / strategy' },
    },
  };
}

export interface WaitBars {
  readonly series: string;
  readonly lock: string;
  readonly bucket: string;
  readonly order: number;
  readonly count: number;
}

export function lockWaitChart(bars: readonly WaitBars[], buckets: readonly string[], subtitle: string): Spec {
  return {
    $schema: SCHEMA,
    title: { text: 'How long acquisitions waited, per lock', subtitle },
    config,
    data: { values: bars.map((b) => ({ ...b, count: Math.max(b.count, 0) })) },
    facet: { row: { field: 'lock', type: 'nominal', title: null } },
    spec: {
      width: WIDTH,
      height: 160,
      mark: 'bar',
      encoding: {
        x: { field: 'bucket', type: 'ordinal', sort: buckets, title: 'wait time (decade buckets)' },
        xOffset: { field: 'series', type: 'nominal' },
        y: { field: 'count', type: 'quantitative', title: 'acquisitions (log scale)', scale: { type: 'symlog' } },
        color: { field: 'series', type: 'nominal', title: 'machine / SMT / strategy' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}

export interface TablePoint {
  readonly series: string;
  readonly tableSize: number;
  readonly readSeconds: number;
}

/** The slowest mountinfo read per run vs the mount-table size, with the health probes' timeout. */
export function mountinfoChart(points: readonly TablePoint[], timeoutSeconds: number, subtitle: string): Spec {
  return {
    $schema: SCHEMA,
    title: { text: 'Reading /proc/<pid>/mountinfo vs the size of the mount table', subtitle },
    width: WIDTH,
    height: HEIGHT,
    config,
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
        encoding: {
          x: { field: 'tableSize', type: 'quantitative', title: 'peak host mount table (mounts)' },
          y: { field: 'readSeconds', type: 'quantitative', title: 'slowest host mountinfo read, runtime or probe (s)' },
          color: { field: 'series', type: 'nominal', title: 'machine / SMT / strategy' },
          tooltip: [{ field: 'series' }, { field: 'tableSize' }, { field: 'readSeconds', format: '.3f' }],
        },
      },
      limitRule(timeoutSeconds, `health-probe timeout ${timeoutSeconds} s`),
    ],
  };
}

export interface HandoffCell {
  readonly threads: number;
  readonly distance: string;
  readonly share: number;
}

/** Handoffs by distance class, per thread count (a lockbench row's), as shares of each count's handoffs. */
export function handoffCells(
  rows: readonly {
    readonly threads: number;
    readonly handoffs: Readonly<Record<'smt' | 'sameL3' | 'crossL3' | 'crossSocket', number>>;
  }[],
): HandoffCell[] {
  return rows.flatMap((r) => {
    const total = r.handoffs.smt + r.handoffs.sameL3 + r.handoffs.crossL3 + r.handoffs.crossSocket;
    return (['smt', 'sameL3', 'crossL3', 'crossSocket'] as const).map((distance) => ({
      threads: r.threads,
      distance,
      share: total === 0 ? 0 : r.handoffs[distance] / total,
    }));
  });
}

export function handoffHeatmap(cells: readonly HandoffCell[], subtitle: string): Spec {
  return {
    $schema: SCHEMA,
    title: { text: 'Lock handoffs by distance between consecutive holders', subtitle },
    config,
    data: { values: cells },
    width: WIDTH,
    height: 160,
    mark: 'rect',
    encoding: {
      x: { field: 'threads', type: 'ordinal', title: 'threads' },
      y: {
        field: 'distance',
        type: 'ordinal',
        sort: ['smt', 'sameL3', 'crossL3', 'crossSocket'],
        title: 'distance class',
      },
      color: {
        field: 'share',
        type: 'quantitative',
        title: 'share of handoffs',
        scale: { scheme: 'blues', domain: [0, 1] },
        legend: { format: '%' },
      },
      tooltip: [{ field: 'threads' }, { field: 'distance' }, { field: 'share', format: '.1%' }],
    },
  };
}

export interface TornadoBar {
  readonly param: string;
  readonly low: number;
  readonly high: number;
  readonly lowLabel: string;
  readonly highLabel: string;
}

/** Tornado: for each parameter, the outcome at its low and high end, around the baseline. */
export function tornadoChart(bars: readonly TornadoBar[], baseline: number, measure: string, subtitle: string): Spec {
  const order = [...bars].sort((a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low)).map((b) => b.param);
  const values = bars.flatMap((b) => [
    { param: b.param, end: `low (${b.lowLabel})`, value: b.low, side: 'low' },
    { param: b.param, end: `high (${b.highLabel})`, value: b.high, side: 'high' },
  ]);
  return {
    $schema: SCHEMA,
    title: { text: `What moves ${measure}`, subtitle },
    config,
    width: WIDTH,
    height: Math.max(120, 22 * bars.length),
    layer: [
      {
        data: {
          values: bars.map((b) => ({ param: b.param, min: Math.min(b.low, b.high), max: Math.max(b.low, b.high) })),
        },
        mark: { type: 'bar', color: '#9ecae1', height: 14 },
        encoding: {
          y: {
            field: 'param',
            type: 'nominal',
            sort: order,
            title: 'parameter (each across its documented range)',
            axis: { labelLimit: 300 },
          },
          x: { field: 'min', type: 'quantitative', title: measure },
          x2: { field: 'max' },
        },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          y: { field: 'param', type: 'nominal', sort: order },
          x: { field: 'value', type: 'quantitative' },
          color: {
            field: 'side',
            type: 'nominal',
            title: 'parameter at',
            scale: { domain: ['low', 'high'], range: ['#2171b5', '#cb181d'] },
          },
          tooltip: [{ field: 'param' }, { field: 'end' }, { field: 'value', format: '.3f' }],
        },
      },
      {
        data: { values: [{ baseline }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: '#444' },
        encoding: { x: { field: 'baseline', type: 'quantitative' } },
      },
    ],
  };
}
