// lockcliff report: Vega-Lite chart specs, SVG/PNG rendering, CSV, a self-contained HTML report.

export {
  type HandoffCell,
  handoffCells,
  handoffHeatmap,
  SCHEMA,
  type Spec,
  type TornadoBar,
  tornadoChart,
} from './charts.ts';
export { toCsv } from './csv.ts';
export { type CliffAt, type LoadChart, type LoadPoint, loadChart, logTicks } from './loadCharts.ts';
export {
  type CdfLine,
  cdfChart,
  cpuChart,
  lockTimeChart,
  type TableRead,
  tableReadChart,
  type WaitShare,
  waitShareChart,
} from './whyCharts.ts';
export { escapeHtml, type ReportTable } from './html.ts';
export { type Block, docHtml, docMarkdown, escapeMd, type ReportDoc, type Section } from './ReportDoc.ts';
export { renderPng, renderSvg } from './render.ts';
export { cliffTable } from './cliffTable.ts';
export { flatRow } from './flatRow.ts';
export { outcomeTable } from './outcomeTable.ts';
export { sharedLoad, sweepCharts } from './sweepCharts.ts';
export { machineFigures, storyReport, type WrittenChart } from './storyReport.ts';
export { topologySvg } from './topologySvg.ts';
