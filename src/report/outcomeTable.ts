// One run's outcome as the text table `lockcliff run` prints.

import { type BurstOutcome, smtLabel } from '../metrics/index.ts';

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** The outcome of one burst and the wall time it took. */
export function outcomeTable(o: BurstOutcome & { wallSeconds: number }): string {
  const l = o.startLatencySeconds;
  const lines = [
    `${o.machine} (${smtLabel(o)}): ${o.containers} containers × ${o.layers} layers × ${o.passes} passes, ${o.strategy}, seed ${o.seed}`,
    `  mount operations          ${o.mountOps.toLocaleString('en-US')} (syscalls: ${Object.entries(o.syscalls)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    `  start latency (s)         mean ${fmt(l.mean)}  p50 ${fmt(l.p50)}  p90 ${fmt(l.p90)}  p99 ${fmt(l.p99)}  max ${fmt(l.max)}`,
    `  start success rate        ${(o.startSuccessRate * 100).toFixed(1)}% (${o.startsCompleted} of ${o.containers} completed)`,
    `  health probes             ${o.probes} run, ${o.probeTimeouts} timed out`,
    `  mountinfo read, max       ${fmt(o.mountinfoReadSecondsMax)} s   systemd backlog, max ${fmt(o.systemdBacklogSecondsMax)} s`,
    `  mountinfo reads           runtime ${o.mountinfoReads.runtime.toLocaleString('en-US')}, systemd ${o.mountinfoReads.systemd.toLocaleString('en-US')}, probes ${o.mountinfoReads.probes}`,
    `  mount table, peak         ${o.mountTablePeak.toLocaleString('en-US')} mounts`,
    // work + writers spinning + idle = 100%; the background's spinning lookups run on CPUs the burst leaves idle.
    `  CPU                       work ${(o.cpuProfile.work * 100).toFixed(1)}%, writers spinning ${(o.cpuProfile.spinWriters * 100).toFixed(1)}%, idle to the burst ${(o.cpuProfile.idle * 100).toFixed(1)}% (background lookups spinning ${(o.cpuProfile.spinReaders * 100).toFixed(1)}%)`,
    `  lock lines                contested ${(o.contestedFraction * 100).toFixed(1)}%, false sharing ${(o.falseSharingFraction * 100).toFixed(1)}%, transfers ${Object.entries(
      o.lineTransfers,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  propagation               peak P ${o.propagation.peakPeers.toLocaleString('en-US')} peers, peak K ${o.propagation.peakSlaveNamespaces} slave namespaces; nodes per mount mean ${o.propagation.nodesPerMount.mean.toLocaleString('en-US')} (max ${o.propagation.nodesPerMount.max.toLocaleString('en-US')}), per umount mean ${o.propagation.nodesPerUmount.mean.toLocaleString('en-US')} (max ${o.propagation.nodesPerUmount.max.toLocaleString('en-US')})`,
    `  walking                   ${(o.propagation.walkShare.namespaceSemWrite * 100).toFixed(1)}% of namespace_sem write time, ${(o.propagation.walkShare.mountLockWrite * 100).toFixed(1)}% of mount_lock write time`,
    `  readers turned writers    ${o.readersTurnedWriters.toLocaleString('en-US')}`,
  ];
  for (const [name, s] of Object.entries(o.locks)) {
    lines.push(
      `  ${name.padEnd(24)}  ${s.acquisitions.toLocaleString('en-US')} holds; wait mean ${fmt(s.waitMeanUs, 1)} µs, max ${fmt(s.waitMaxMs)} ms; hold mean ${fmt(s.holdMeanUs, 1)} µs, max ${fmt(s.holdMaxMs)} ms`,
    );
  }
  if (o.outOfRange !== undefined)
    lines.push(`  OUTSIDE THE DOCUMENTED RANGES (--allow-out-of-range): ${o.outOfRange.join(', ')}`);
  lines.push(
    `  simulated ${fmt(o.simulatedSeconds)} s in ${fmt(o.wallSeconds, 2)} s wall, ${o.events.toLocaleString('en-US')} events`,
  );
  return lines.join('\n');
}
