// The sweep's design-review page: the cliffs, p99 and success per series and load, every chart inline.

import { type CliffResult, type SweepResults, seriesMeans } from '../experiment/index.ts';
import { type ReportTable, reportHtml } from './html.ts';

/** The sweep's design-review report: cliffs, p99 and success per series and load, the charts. */
export function sweepReport(
  results: SweepResults,
  cliffs: readonly CliffResult[],
  charts: readonly { name: string; svg: string }[],
): string {
  const loads = [...new Set(results.rows.map((r) => r.outcome.containers))].sort((a, b) => a - b);
  const seeds = [...new Set(results.rows.map((r) => r.seed))];
  const mean = new Map<string, { p: number; s: number; n: number }>();
  const series: string[] = [];
  for (const m of seriesMeans(results)) {
    if (!series.includes(m.series)) series.push(m.series);
    mean.set(`${m.series}\u0000${m.containers}`, { p: m.p99Sum, s: m.successSum, n: m.runs });
  }
  const byLoad = (caption: string, f: (m: { p: number; s: number; n: number }) => string): ReportTable => ({
    caption,
    headers: ['series', ...loads.map(String)],
    rows: series.map((name) => [
      name,
      ...loads.map((l) => {
        const m = mean.get(`${name}\u0000${l}`);
        return m === undefined ? '' : f(m);
      }),
    ]),
  });
  const first = results.rows[0]?.outcome;
  return reportHtml({
    title: `lockcliff sweep: ${results.scenario}`,
    subtitle:
      first === undefined
        ? ''
        : `${first.layers} layers × ${first.passes} passes; ${results.rows.length} runs: ${loads.length} loads × ${series.length} series × ${seeds.length} seed(s)`,
    notes: [
      `Varied: ${results.varied.join(', ')}. Seeds: ${seeds.join(', ')}.`,
      `A cliff is the smallest load at which the start success rate falls below ${results.threshold} or the p99 start latency reaches the ${results.deadlineSeconds} s deadline; the interval is a 95% confidence interval across seeds. "none" means no cliff within the swept range.`,
      'These are the model’s predictions under its documented parameters (lockcliff scenario explain lists them, with sources and ranges); see the README for what the model does and does not reproduce.',
    ],
    tables: [
      {
        caption: 'Cliffs',
        headers: ['series', 'cliff (containers)', '95% interval', 'per seed', 'criterion'],
        rows: cliffs.map((c) => [
          c.combination.series ?? '',
          c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : c.cliffContainers,
          c.cliffContainers === null ? '' : `[${c.low ?? '?'}, ${c.high ?? '>'}]`,
          c.perSeed.map((x) => (x === null ? '–' : String(x))).join(' '),
          c.criterion,
        ]),
      },
      byLoad('p99 start latency (s), mean over seeds, by containers started at once', (m) => (m.p / m.n).toFixed(3)),
      byLoad(
        'start success rate, mean over seeds, by containers started at once',
        (m) => `${((100 * m.s) / m.n).toFixed(1)}%`,
      ),
    ],
    charts,
  });
}
