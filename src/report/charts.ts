// Vega-Lite specs for the lock benchmark and sensitivity charts (a sweep's charts against the load are
// loadCharts.ts). Pure functions: data in, spec out. Every chart has a title, axis titles with units
// and a legend where there are series.

export type Spec = Record<string, unknown>;

/** The Vega-Lite schema every chart names. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 560;

/** The style every chart shares: the PNG renderer's font, title and axis sizes, legends wide enough to read. */
export const config = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start' },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400, titleLimit: 400 },
};

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
