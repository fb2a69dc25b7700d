// What a burst collects while it runs, in the model's own units (ps, counts): start latencies and
// successes, the mount table's peak, the longest mountinfo read, reads by reader, probes and their
// timeouts, the systemd backlog, the mount operations. Reduced to a BurstOutcome (seconds, fractions)
// by reduceBurst, at the edge.

import type { Ps } from '../core/index.ts';
import { Histogram } from '../metrics/index.ts';

export class BurstRecorder {
  readonly startLatencies = new Histogram();
  startsSucceeded = 0;
  startsCompleted = 0;
  mountOps = 0;
  tablePeak: number;
  /** Longest mountinfo read of the host table by the runtime or a probe. */
  mountinfoMaxPs: Ps = 0;
  runtimeReads = 0;
  systemdReads = 0;
  probes = 0;
  probeTimeouts = 0;
  /** Longest health probe. */
  probeMaxPs: Ps = 0;
  /** Longest time from a mount event to the end of the systemd rescan that covers it. */
  systemdBacklogMaxPs: Ps = 0;

  constructor(initialTableSize: number) {
    this.tablePeak = initialTableSize;
  }

  tableSize(size: number): void {
    if (size > this.tablePeak) this.tablePeak = size;
  }

  mountinfoRead(ps: Ps): void {
    if (ps > this.mountinfoMaxPs) this.mountinfoMaxPs = ps;
  }

  probe(ps: Ps): void {
    if (ps > this.probeMaxPs) this.probeMaxPs = ps;
  }

  systemdBacklog(ps: Ps): void {
    if (ps > this.systemdBacklogMaxPs) this.systemdBacklogMaxPs = ps;
  }

  /** A start completed after `tookPs`; it succeeded if within `deadlinePs`. */
  started(tookPs: Ps, deadlinePs: Ps): void {
    this.startLatencies.record(tookPs);
    this.startsCompleted++;
    if (tookPs <= deadlinePs) this.startsSucceeded++;
  }
}
