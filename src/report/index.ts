// lockcliff report: Vega-Lite chart specs, SVG/PNG rendering, CSV, a self-contained HTML report.

export {
  type CdfSeries,
  type CliffMark,
  type CurvePoint,
  type HandoffCell,
  handoffCells,
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
export { escapeHtml, type HtmlReport, type ReportTable, reportHtml } from './html.ts';
export { renderPng, renderSvg } from './render.ts';
export { cliffTable } from './cliffTable.ts';
export { flatRow } from './flatRow.ts';
export { outcomeTable } from './outcomeTable.ts';
export { sweepCharts } from './sweepCharts.ts';
export { sweepReport } from './sweepReport.ts';
