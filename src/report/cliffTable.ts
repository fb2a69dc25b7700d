// The cliff table a sweep prints: per series, the cliff with its interval, or how close it comes at
// the largest load (p99 start against the deadline, the longest mountinfo read against the probes'
// timeout).

import { type CliffResult, nonLoadFields, type SweepResults, seriesKey } from '../experiment/index.ts';
import { DEFAULT_PROBE_TIMEOUT_S } from './sweepCharts.ts';

/**
 * The cliff per combination, and how close each comes at the largest load swept: its p99 start
 * against the deadline, its longest mountinfo read against the health probes' timeout (means and
 * maxima over seeds).
 */
export function cliffTable(cliffs: readonly CliffResult[], results: SweepResults): string {
  const nonLoad = nonLoadFields(results);
  const secs = (x: number): string => `${x < 1 ? x.toFixed(2) : x.toFixed(1)} s`;
  const lines = [
    'cliff (containers)   interval        at the largest load (P peers, K slave namespaces at peak)    combination',
  ];
  for (const c of cliffs) {
    const value = c.cliffContainers === null ? `none ≤ ${c.maxLoad}` : String(c.cliffContainers);
    const interval = c.cliffContainers === null ? '' : `[${c.low ?? '?'}, ${c.high ?? '>'}]`;
    const top = results.rows.filter(
      (r) => r.outcome.containers === c.maxLoad && seriesKey(r, nonLoad) === c.combination.series,
    );
    const p99 = top.reduce((a, r) => a + r.outcome.startLatencySeconds.p99, 0) / Math.max(1, top.length);
    const mountinfo = Math.max(0, ...top.map((r) => r.outcome.mountinfoReadSecondsMax));
    const peakP = Math.max(0, ...top.map((r) => r.outcome.propagation?.peakPeers ?? 0));
    const peakK = Math.max(0, ...top.map((r) => r.outcome.propagation?.peakSlaveNamespaces ?? 0));
    const near =
      top.length === 0
        ? ''
        : `${c.maxLoad}: p99 start ${secs(p99)}, mountinfo ${secs(mountinfo)}, P ${peakP} K ${peakK}`;
    lines.push(`${value.padEnd(20)} ${interval.padEnd(15)} ${near.padEnd(60)} ${c.combination.series}`);
  }
  lines.push(
    `(cliff: start success < ${results.threshold} or p99 start ≥ the ${results.deadlineSeconds} s deadline; a mountinfo read past the ${results.probeTimeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_S} s probe timeout fails health checks)`,
  );
  return lines.join('\n');
}
