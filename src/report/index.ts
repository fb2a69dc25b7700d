// lockcliff report: Vega-Lite chart specs, SVG/PNG rendering, CSV.

export {
  type CdfSeries,
  type CliffMark,
  type CurvePoint,
  type HandoffCell,
  handoffHeatmap,
  latencyCdfChart,
  lockWaitChart,
  mountinfoChart,
  p99Chart,
  type Spec,
  successChart,
  type TablePoint,
  type TornadoBar,
  tornadoChart,
  type WaitBars,
} from './charts.ts';
export { toCsv } from './csv.ts';
export { renderPng, renderSvg } from './render.ts';
