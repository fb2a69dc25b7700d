// From a finished burst to its outcome: what the recorder, the kernel's counters and lock statistics,
// the scheduler's CPU accounting and the coherence fabric's line counters say at the end of the
// starts, reduced (metrics/BurstOutcome) to seconds and fractions.
//
// CPU profile over the run's capacity (end × online CPUs): work (bursts, path lookups, context
// switches), writers spinning (spin time that is not a lookup's own work), readers spinning (the
// aggregated lookups held up by write windows: time on CPUs the burst does not schedule, so it is
// reported against the same capacity but not subtracted from idle).

import type { Ps } from '../core/index.ts';
import type { MountSubsystem, WalkStats } from '../kernel/index.ts';
import {
  type BurstOutcome,
  fraction,
  lockSummary,
  type PropagationSummary,
  quantilesOf,
  seconds,
  summarise,
} from '../metrics/index.ts';
import { TRANSFER_CLASSES } from '../hw/index.ts';
import type { Machine } from '../sched/index.ts';
import type { BurstOptions } from './BurstOptions.ts';
import type { BurstRecorder } from './BurstRecorder.ts';

function propagationSummary(kernel: MountSubsystem): PropagationSummary {
  const t = kernel.propagation;
  const mean = (w: WalkStats): number => (w.walks === 0 ? 0 : Math.round(w.nodes / w.walks));
  const share = (ps: number, of: number): number => fraction(of === 0 ? 0 : ps / of);
  return {
    peakPeers: t.peakPeers,
    peakSlaveNamespaces: t.peakSlaveNamespaces,
    nodesPerMount: { mean: mean(t.attachWalks), max: t.attachWalks.nodesMax },
    nodesPerUmount: { mean: mean(t.umountWalks), max: t.umountWalks.nodesMax },
    walkShare: {
      namespaceSemWrite: share(t.attachWalks.ps, kernel.ns.writeHoldPs),
      mountLockWrite: share(t.umountWalks.ps, kernel.mountLock.stats.holdPsTotal),
    },
  };
}

export function reduceBurst(
  o: BurstOptions,
  m: Machine,
  kernel: MountSubsystem,
  r: BurstRecorder,
  end: Ps,
): BurstOutcome {
  const sched = kernel.sched;
  const cpuTime = sched.cpuTime();
  const capacity = end * sched.cpus.length;
  const c = kernel.counters;
  const lookupWork = (c.lookups + c.lookupRetries) * kernel.params.pathLookup;
  const spinWriters = Math.max(0, cpuTime.spinPs - lookupWork);
  const spinReaders = c.backgroundSpinPs;
  const work = cpuTime.busyPs + lookupWork + cpuTime.switchPs;
  const totals = m.fabric.totals();
  const lineTransfers: Record<string, number> = {};
  for (const t of TRANSFER_CLASSES) lineTransfers[t] = totals.transfers[t];
  return {
    machine: o.machine.name,
    smt: o.smt,
    smtCapable: o.machine.layout.threadsPerCore > 1,
    containers: o.containers,
    layers: o.layers,
    passes: o.passes,
    strategy: o.strategy,
    seed: o.seed,
    syscalls: { ...c.syscalls },
    mountOps: r.mountOps,
    startLatencySeconds: summarise(r.startLatencies),
    startLatencyQuantiles: quantilesOf(r.startLatencies),
    startSuccessRate: fraction(r.startsSucceeded / o.containers),
    startsCompleted: r.startsCompleted,
    probes: r.probes,
    probeTimeouts: r.probeTimeouts,
    probeSecondsMax: fraction(seconds(r.probeMaxPs)),
    mountinfoReadSecondsMax: fraction(seconds(r.mountinfoMaxPs)),
    mountinfoReads: { runtime: r.runtimeReads, systemd: r.systemdReads, probes: r.probes },
    systemdBacklogSecondsMax: fraction(seconds(r.systemdBacklogMaxPs)),
    spinFraction: fraction(capacity === 0 ? 0 : (spinWriters + spinReaders) / (capacity + spinReaders)),
    cpuProfile: {
      work: fraction(work / capacity),
      spinWriters: fraction(spinWriters / capacity),
      spinReaders: fraction(Math.min(1, spinReaders / capacity)),
      idle: fraction(Math.max(0, 1 - (work + spinWriters) / capacity)),
    },
    contestedFraction: fraction(totals.requests === 0 ? 0 : totals.contested / totals.requests),
    falseSharingFraction: fraction(
      totals.requests === 0 ? 0 : (totals.falseSharing + totals.falseSharingReads) / totals.requests,
    ),
    lineTransfers,
    locks: { mount_lock: lockSummary(kernel.mountLock.stats), namespace_sem: lockSummary(kernel.ns.stats) },
    mountTablePeak: r.tablePeak,
    propagation: propagationSummary(kernel),
    readersTurnedWriters: c.legitimizeWrites,
    simulatedSeconds: fraction(seconds(end)),
    events: m.env.eventsProcessed,
    ...(o.outOfRange !== undefined && o.outOfRange.length > 0 && { outOfRange: o.outOfRange }),
  };
}
