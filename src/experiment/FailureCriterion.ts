// When a run counts as a failed node, and by which criterion: starts (the start success rate below
// the threshold, or the p99 start at or past the deadline — kubelet's RunPodSandbox gives up after 4
// minutes) or probes (a health probe past its timeout — kubelet marks the node unhealthy). Probe
// timeouts count by default. Each verdict also has a margin: how far the run is from failing (≥ 1 is
// a failure), for deciding with few seeds and for saying how close a run comes.

export interface FailureCriterion {
  /** A start success rate below this fails. */
  readonly threshold: number;
  /** A p99 start at or past this fails (s). */
  readonly deadlineSeconds: number;
  /** The health probes' timeout (s). */
  readonly probeTimeoutSeconds: number;
  /** Whether a probe past its timeout fails the run. */
  readonly probeTimeouts: boolean;
}

export const FAILURE_KINDS = ['starts', 'probes'] as const;
export type FailedBy = (typeof FAILURE_KINDS)[number];

/** What a verdict reads of a run's outcome. */
export interface VerdictInput {
  readonly startSuccessRate: number;
  readonly startLatencySeconds: { readonly p99: number };
  readonly probeTimeouts: number;
  /** Longest health probe (s); absent in results written before it was recorded. */
  readonly probeSecondsMax?: number;
  /** Set when the run stopped at its first failure: that is its verdict (its other figures are lower bounds). */
  readonly stoppedAtFailure?: FailedBy;
}

export interface Verdict {
  readonly failed: boolean;
  readonly by: readonly FailedBy[];
  /** max(p99 start / deadline, longest probe / probe timeout when probes count); ≥ 1 when failed. */
  readonly margin: number;
}

export function verdictOf(o: VerdictInput, c: FailureCriterion): Verdict {
  if (o.stoppedAtFailure !== undefined) return { failed: true, by: [o.stoppedAtFailure], margin: 1 };
  const by: FailedBy[] = [];
  if (o.startSuccessRate < c.threshold || o.startLatencySeconds.p99 >= c.deadlineSeconds) by.push('starts');
  if (c.probeTimeouts && o.probeTimeouts > 0) by.push('probes');
  let margin = o.startLatencySeconds.p99 / c.deadlineSeconds;
  if (c.probeTimeouts && o.probeSecondsMax !== undefined)
    margin = Math.max(margin, o.probeSecondsMax / c.probeTimeoutSeconds);
  // A binary failure the margin does not show (starts cut off at the horizon, say) is still a failure.
  if (by.length > 0) margin = Math.max(margin, 1);
  else margin = Math.min(margin, ALMOST_ONE);
  return { failed: by.length > 0, by, margin };
}

/** A run that passes has a margin just below 1 at most (a probe at exactly its timeout passes). */
const ALMOST_ONE = 1 - 1e-9;

/** The criterion in words, for tables, reports and cliffs.json. */
export function describeCriterion(c: FailureCriterion): string {
  const starts = `start success < ${c.threshold} or p99 start ≥ the ${c.deadlineSeconds} s deadline`;
  return c.probeTimeouts ? `${starts}, or a health probe past its ${c.probeTimeoutSeconds} s timeout` : starts;
}
