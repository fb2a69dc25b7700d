// The cliff table a sweep or a cliff search prints: per series, the cliff with its interval and the
// criterion that failed first, or how close the series comes at the largest load run (p99 start
// against the deadline, the longest mountinfo read and probe against the probes' timeout, the peak
// P and K of mount propagation).

import {
  type CliffResult,
  criterionOf,
  describeCriterion,
  nonLoadFields,
  type SweepResults,
  seriesKey,
} from '../experiment/index.ts';

const secs = (x: number): string => `${x < 1 ? x.toFixed(2) : x.toFixed(1)} s`;

/** How close a series comes at a load: its runs' mean p99 start and worst mountinfo read, probe, P and K. */
export function closeness(results: SweepResults, series: string, load: number): string {
  const nonLoad = nonLoadFields(results);
  const top = results.rows.filter((r) => r.outcome.containers === load && seriesKey(r, nonLoad) === series);
  if (top.length === 0) return '';
  const stopped = top.find((r) => r.outcome.stoppedAtFailure !== undefined)?.outcome;
  if (stopped !== undefined)
    return `${load}: failed (${stopped.stoppedAtFailure}) ${secs(stopped.simulatedSeconds)} in; the run stopped there`;
  const p99 = top.reduce((a, r) => a + r.outcome.startLatencySeconds.p99, 0) / top.length;
  const worst = (f: (o: (typeof top)[number]['outcome']) => number): number =>
    Math.max(0, ...top.map((r) => f(r.outcome)));
  const mountinfo = worst((o) => o.mountinfoReadSecondsMax);
  const probe = worst((o) => o.probeSecondsMax ?? 0);
  const p = worst((o) => o.propagation?.peakPeers ?? 0);
  const k = worst((o) => o.propagation?.peakSlaveNamespaces ?? 0);
  return `${load}: p99 start ${secs(p99)}, mountinfo ${secs(mountinfo)}, probe ${secs(probe)}, P ${p} K ${k}`;
}

export function cliffTable(cliffs: readonly CliffResult[], results: SweepResults): string {
  const lines = [
    'cliff (containers)   interval        failed by   at the largest load run (P peers, K slave namespaces at peak)          series',
  ];
  for (const c of cliffs) {
    const series = c.combination.series ?? '';
    const value = c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : String(c.cliffContainers);
    const interval = c.cliffContainers === null ? '' : `[${c.low ?? '?'}, ${c.high ?? '>'}]`;
    const by = c.failedBy.length === 0 ? '' : c.failedBy.join('+');
    const notes = [
      ...(c.search !== undefined && !c.search.monotone ? ['not monotone in the load'] : []),
      ...(c.search !== undefined && c.search.uncertain.length > 0
        ? [`undecided at ${c.search.uncertain.join(', ')}`]
        : []),
    ];
    lines.push(
      `${value.padEnd(20)} ${interval.padEnd(15)} ${by.padEnd(11)} ${closeness(results, series, c.maxLoad).padEnd(72)} ${series}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`,
    );
  }
  lines.push(
    `(a run fails on: ${describeCriterion(criterionOf(results))}; "failed by" says which criterion failed first)`,
  );
  return lines.join('\n');
}
