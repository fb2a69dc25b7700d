// A container-start burst on one machine (DESIGN §1.5): C containers, L layers, P passes, a runtime
// strategy, arrivals all at once / Poisson / ramped; systemd re-reading mountinfo on mount events;
// health probes with a timeout; background path lookups (aggregated in the kernel model). One
// scheduled thread per starting container runs its syscalls; systemd and the prober are threads too.

import { InputError, type Ps, PS_PER_S } from '../core/index.ts';
import { Environment } from '../engine/index.ts';
import {
  Coherence,
  type CoherenceParams,
  LatencyModel,
  type LatencyParams,
  type Layout,
  TRANSFER_CLASSES,
  Topology,
} from '../hw/index.ts';
import { type Body, type KernelParams, type KThread, MountSubsystem, psOf } from '../kernel/index.ts';
import { Histogram } from '../metrics/index.ts';
import { RandomStreams } from '../random/index.ts';
import { Scheduler } from '../sched/index.ts';
import { SeqLock, type SyncContext } from '../sync/index.ts';

export const STRATEGIES = ['per-layer-idmap', 'common-parent', 'lowerdir-fd'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface BurstMachine {
  readonly name: string;
  readonly layout: Layout;
  readonly latency: LatencyParams;
  readonly coherence: CoherenceParams;
}

export interface BurstOptions {
  readonly machine: BurstMachine;
  readonly smt: boolean;
  readonly containers: number;
  readonly layers: number;
  readonly passes: number;
  readonly strategy: Strategy;
  readonly arrival: { readonly kind: 'burst' } | { readonly kind: 'poisson' | 'ramp'; readonly overPs: Ps };
  readonly deadlinePs: Ps;
  readonly probe: { readonly periodPs: Ps; readonly timeoutPs: Ps; readonly lookups: number };
  readonly systemd: { readonly enabled: boolean; readonly rateLimitPerSecond: number | null };
  readonly kernel: KernelParams;
  readonly seed: string;
  /** Stop simulating this long after the last start was due (work still running is cut off). */
  readonly horizonPs: Ps;
  /** Mountinfo chunks in runs while nobody waits for namespace_sem (MountSubsystemOptions); default true. */
  readonly mountinfoRuns?: boolean;
  /** Check scheduler and lock invariants after every event (slow; for tests). */
  readonly checkInvariants?: boolean;
}

export interface Summary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

/** Wait times by decade: [<1 µs, 1–10 µs, …, ≥ 1 s]. */
export const WAIT_BUCKETS = ['<1µs', '1–10µs', '10–100µs', '0.1–1ms', '1–10ms', '10–100ms', '0.1–1s', '≥1s'] as const;

export interface LockSummary {
  readonly waitBuckets: readonly number[];
  readonly acquisitions: number;
  readonly waitMeanUs: number;
  readonly waitMaxMs: number;
  readonly holdMeanUs: number;
  readonly holdMaxMs: number;
}

export interface BurstOutcome {
  readonly machine: string;
  /** SMT as asked (`smt` of the scenario), and whether the machine has SMT siblings at all. */
  readonly smt: boolean;
  readonly smtCapable: boolean;
  readonly containers: number;
  readonly layers: number;
  readonly passes: number;
  readonly strategy: Strategy;
  readonly seed: string;
  readonly syscalls: Record<string, number>;
  readonly mountOps: number;
  readonly startLatencySeconds: Summary;
  /** Start latency at the quantiles 0.05, 0.10, …, 1.00 (seconds), for CDFs. */
  readonly startLatencyQuantiles: readonly number[];
  readonly startSuccessRate: number;
  readonly startsCompleted: number;
  readonly probes: number;
  readonly probeTimeouts: number;
  /** Longest read of the host's mountinfo (kernel chunks + parse) by the runtime or a health probe. */
  readonly mountinfoReadSecondsMax: number;
  /** Reads of the host's mountinfo: by the runtime (all starts), by systemd, by health probes. */
  readonly mountinfoReads: { readonly runtime: number; readonly systemd: number; readonly probes: number };
  /**
   * Longest time from a mount event to the end of the systemd rescan that covers it; systemd is
   * followed after the last start until it has caught up (or the horizon).
   */
  readonly systemdBacklogSecondsMax: number;
  readonly spinFraction: number;
  readonly cpuProfile: {
    readonly work: number;
    readonly spinWriters: number;
    readonly spinReaders: number;
    readonly idle: number;
  };
  readonly contestedFraction: number;
  readonly falseSharingFraction: number;
  readonly lineTransfers: Record<string, number>;
  readonly locks: { readonly mount_lock: LockSummary; readonly namespace_sem: LockSummary };
  readonly mountTablePeak: number;
  readonly readersTurnedWriters: number;
  readonly simulatedSeconds: number;
  readonly events: number;
}

const seconds = (ps: number): number => ps / PS_PER_S;

function summarise(h: Histogram): Summary {
  if (h.count === 0) return { mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const r = (ps: number): number => Math.round(seconds(ps) * 1e6) / 1e6;
  return { mean: r(h.mean), p50: r(h.quantile(0.5)), p90: r(h.quantile(0.9)), p99: r(h.quantile(0.99)), max: r(h.max) };
}

/** Runs one burst and reduces it to its outcome. */
export function runBurst(o: BurstOptions): BurstOutcome {
  if (!(Number.isInteger(o.containers) && o.containers >= 1))
    throw new InputError('containers must be a positive integer', { path: 'burst.containers' });
  if (!(Number.isInteger(o.layers) && o.layers >= 1))
    throw new InputError('layers must be a positive integer', { path: 'burst.layers' });
  if (!(Number.isInteger(o.passes) && o.passes >= 1))
    throw new InputError('passes must be a positive integer', { path: 'burst.passes' });
  const env = new Environment({ initialCapacity: 4096 });
  const streams = new RandomStreams(o.seed);
  const topology = new Topology(o.machine.layout, o.smt);
  const latency = new LatencyModel(topology, o.machine.latency);
  const fabric = new Coherence(env, latency, o.machine.coherence, streams.stream('coherence'));
  const ctx: SyncContext = { env, fabric, topology, stream: (n) => streams.stream(n) };
  const cpus = topology.onlineCpus();
  const k = o.kernel;
  const sched = new Scheduler(env, cpus, {
    slicePs: psOf(k, 'slice'),
    wakeupPs: psOf(k, 'wakeup'),
    contextSwitchPs: psOf(k, 'contextSwitch'),
  });
  const mountLock = new SeqLock(ctx, 'mount_lock', { layout: 'shared-line', spinlock: 'qspinlock' });
  const kernel = new MountSubsystem(ctx, sched, latency, k, mountLock, streams.stream('kernel'), {
    mountinfoRuns: o.mountinfoRuns ?? true,
  });
  let nextId = 0;
  const kthread = (name: string): KThread => {
    const st = sched.thread(name);
    return kernel.register({ st, sync: { id: nextId++, cpu: cpus[0] as number, name } });
  };

  const finished = env.signal('all starts done');
  let mountOps = 0;

  // ---- background work that competes for CPUs (optional) ----
  if ((k.backgroundCompetes as number) >= 0.5) {
    const hogs = Math.round(cpus.length * (k.backgroundLoad as number));
    for (let i = 0; i < hogs; i++) {
      const t = sched.thread(`background-${i}`);
      const loop = (): void => sched.run(t, 1_000_000_000_000, loop);
      env.schedule(0, loop);
    }
  }

  // ---- the containers ----
  const latencies = new Histogram();
  let succeeded = 0;
  let completed = 0;
  let lastDue = 0;
  let tablePeak = kernel.tableSize;
  /** Longest mountinfo read (runtime and probes), ps. */
  let mountinfoMax = 0;
  let runtimeReads = 0;
  let systemdReads = 0;
  /** After the last start: only systemd is followed until it has caught up. */
  let draining = false;
  const arrivals = streams.stream('arrivals');
  const start = (i: number): Ps => {
    if (o.arrival.kind === 'burst') return 0;
    if (o.arrival.kind === 'ramp') return Math.round((o.arrival.overPs * i) / o.containers);
    return Math.round(arrivals.next() * o.arrival.overPs);
  };
  // A started container runs its workload: path lookups (they join the aggregated readers) and CPU
  // demand (a thread busy `containerCpuLoad` of every 10 ms, time-sharing with the burst).
  const workloadPhase = streams.stream('workload');
  const WORKLOAD_PERIOD_PS = 10_000_000_000;
  const startWorkload = (name: string): void => {
    kernel.addLookupSource(k.containerLookups as number);
    const load = Math.min(1, k.containerCpuLoad as number);
    if (load <= 0) return;
    const t = sched.thread(`${name}/workload`);
    const busy = Math.max(1, Math.round(WORKLOAD_PERIOD_PS * load));
    const cycle = (): void => {
      // After the last start only systemd is followed (the drain): the workloads stop there.
      if (draining) {
        sched.yieldCpu(t);
        return;
      }
      sched.run(t, busy, () => {
        if (busy >= WORKLOAD_PERIOD_PS) {
          cycle();
          return;
        }
        sched.sleep(t);
        sched.wake(t, 0, cycle, WORKLOAD_PERIOD_PS - busy);
      });
    };
    env.callWith(Math.round(workloadPhase.next() * WORKLOAD_PERIOD_PS), cycle, null);
  };
  function* container(t: KThread, startedAt: Ps): Body {
    for (let pass = 0; pass < o.passes; pass++) {
      if (o.strategy === 'per-layer-idmap') {
        for (let l = 0; l < o.layers; l++) {
          yield* kernel.openTree(t);
          yield* kernel.mountSetattr(t);
          yield* kernel.moveMount(t);
          tablePeak = Math.max(tablePeak, kernel.tableSize);
        }
        yield* kernel.overlayMount(t, o.layers, true);
        for (let l = 0; l < o.layers; l++) yield* kernel.umount(t, 'bind');
      } else if (o.strategy === 'common-parent') {
        yield* kernel.openTree(t);
        yield* kernel.mountSetattr(t);
        yield* kernel.moveMount(t);
        tablePeak = Math.max(tablePeak, kernel.tableSize);
        yield* kernel.overlayMount(t, o.layers, true);
        yield* kernel.umount(t, 'bind');
      } else {
        // lowerdir-fd (Linux ≥ 6.8): idmapped layers stay detached (no move_mount into the host table)
        // and are handed to the overlay with fsconfig lowerdir+; closing the fds dissolves them.
        for (let l = 0; l < o.layers; l++) {
          yield* kernel.openTree(t);
          yield* kernel.mountSetattr(t);
        }
        yield* kernel.overlayMount(t, o.layers, true);
        for (let l = 0; l < o.layers; l++) yield* kernel.umount(t, 'detached');
      }
      // mountOps as the incident counts them: per pass the overlay, the layer binds, their umounts.
      mountOps += o.strategy === 'per-layer-idmap' ? 1 + 2 * o.layers : o.strategy === 'common-parent' ? 3 : 1;
      // The first pass only reads user information from the image: its overlay goes again.
      if (pass < o.passes - 1) yield* kernel.umount(t, 'overlay');
    }
    for (let r = 0; r < (k.runtimeMountinfoReads as number); r++) {
      const readStart = env.now;
      runtimeReads++;
      yield* kernel.mountinfoRead(t, psOf(k, 'parsePerLine'));
      mountinfoMax = Math.max(mountinfoMax, env.now - readStart);
    }
    // The container's init: its own mount namespace from the host table, then pivot_root.
    const copied = kernel.tableSize;
    yield* kernel.unshareMountNs(t);
    yield* kernel.pivotAndDetach(t, copied);
    kernel.table.other += k.mountsPerContainer as number;
    tablePeak = Math.max(tablePeak, kernel.tableSize);
    startWorkload(t.sync.name);
    const took = env.now - startedAt;
    latencies.record(took);
    completed++;
    if (completed === o.containers && !finished.triggered) finished.succeed();
    if (took <= o.deadlinePs) succeeded++;
    sched.yieldCpu(t.st);
  }
  for (let i = 0; i < o.containers; i++) {
    const due = start(i);
    lastDue = Math.max(lastDue, due);
    const t = kthread(`start-${i}`);
    env.schedule(due, () => {
      env.process(container(t, env.now), t.sync.name);
    });
  }

  // ---- systemd: one thread that rescans mountinfo after mount events ----
  let systemdBacklogMax = 0;
  let systemdScanCovers = -1;
  let systemdPendingSince = (): number => -1;
  let systemdBusy = (): boolean => false;
  /** Called when systemd has caught up with every mount event (for the drain after the starts). */
  let onSystemdIdle: (() => void) | null = null;
  if (o.systemd.enabled) {
    const sd = kthread('systemd');
    let pendingSince = -1;
    let busy = false;
    let lastScan = Number.NEGATIVE_INFINITY;
    const minGap = o.systemd.rateLimitPerSecond === null ? 0 : Math.round(PS_PER_S / o.systemd.rateLimitPerSecond);
    function* rescan(): Body {
      busy = true;
      while (pendingSince >= 0) {
        const wait = Math.max(0, lastScan + minGap - env.now);
        if (wait > 0) {
          sched.yieldCpu(sd.st);
          yield wait;
        }
        const covers = pendingSince;
        systemdScanCovers = covers;
        pendingSince = -1;
        lastScan = env.now;
        systemdReads++;
        yield* kernel.mountinfoRead(sd, psOf(k, 'systemdParsePerLine'));
        systemdBacklogMax = Math.max(systemdBacklogMax, env.now - covers);
        systemdScanCovers = -1;
      }
      sched.yieldCpu(sd.st);
      busy = false;
      onSystemdIdle?.();
    }
    systemdPendingSince = () => pendingSince;
    systemdBusy = () => busy;
    kernel.onMountEvent = () => {
      if (pendingSince < 0) pendingSince = env.now;
      if (!busy) env.process(rescan(), 'systemd');
    };
  }

  // ---- health probes ----
  let probes = 0;
  let probeTimeouts = 0;
  const prober = kthread('probe');
  let probeRunning = false;
  let probeBegan = 0;
  function* probe(): Body {
    probeRunning = true;
    const began = env.now;
    probeBegan = began;
    probes++;
    for (let i = 0; i < o.probe.lookups; i++) yield* kernel.lookup(prober);
    const readStart = env.now;
    yield* kernel.mountinfoRead(prober, psOf(k, 'parsePerLine'));
    mountinfoMax = Math.max(mountinfoMax, env.now - readStart);
    if (env.now - began > o.probe.timeoutPs) probeTimeouts++;
    sched.yieldCpu(prober.st);
    probeRunning = false;
  }
  const probeTick = (): void => {
    if (draining) return;
    // A probe still running past its timeout counts once; the next one starts when it is done.
    if (!probeRunning) env.process(probe(), 'probe');
    env.schedule(o.probe.periodPs, probeTick);
  };
  // The first probe 1 s into the burst (or one period, if shorter), then every period.
  env.schedule(Math.min(o.probe.periodPs, PS_PER_S), probeTick);

  if (o.checkInvariants === true) {
    env.tracer = () => {
      sched.checkInvariants();
      const sem = kernel.namespaceSem;
      if (sem.writer !== null && sem.readers > 0)
        throw new Error(`namespace_sem: writer ${sem.writer.name} and ${sem.readers} readers at once`);
      if (sem.readers < 0) throw new Error('namespace_sem: negative reader count');
      if (mountLock.sequence % 2 === 1 && mountLock.holder === null)
        throw new Error('mount_lock count odd with no writer');
    };
  }

  // ---- run until every start completed, or the horizon ----
  env.schedule(lastDue + o.horizonPs, () => {
    if (!finished.triggered) finished.succeed();
  });
  // ---- reduce: the outcome at the end of the starts ----
  const reduce = (end: Ps): BurstOutcome => {
    const cpuTime = sched.cpuTime();
    const capacity = end * cpus.length;
    const pathLookup = psOf(k, 'pathLookup');
    const lookupWork = (kernel.counters.lookups + kernel.counters.lookupRetries) * pathLookup;
    const spinWriters = Math.max(0, cpuTime.spinPs - lookupWork);
    const spinReaders = kernel.counters.backgroundSpinPs;
    const work = cpuTime.busyPs + lookupWork + cpuTime.switchPs;
    const totals = fabric.totals();
    const lockSummary = (s: {
      waitHistogram: Histogram;
      holds: number;
      waitPsTotal: number;
      waitPsMax: number;
      holdPsTotal: number;
      holdPsMax: number;
    }): LockSummary => ({
      waitBuckets: WAIT_BUCKETS.map((_, i) => {
        const low = i === 0 ? 0 : s.waitHistogram.countBelow(10 ** (i - 1) * 1e6);
        const high = i === WAIT_BUCKETS.length - 1 ? s.waitHistogram.count : s.waitHistogram.countBelow(10 ** i * 1e6);
        return high - low;
      }),
      acquisitions: s.holds,
      waitMeanUs: s.holds === 0 ? 0 : Math.round((s.waitPsTotal / s.holds / 1e6) * 1000) / 1000,
      waitMaxMs: Math.round((s.waitPsMax / 1e9) * 1000) / 1000,
      holdMeanUs: s.holds === 0 ? 0 : Math.round((s.holdPsTotal / s.holds / 1e6) * 1000) / 1000,
      holdMaxMs: Math.round((s.holdPsMax / 1e9) * 1000) / 1000,
    });
    const frac = (x: number): number => Math.round(x * 1e6) / 1e6;
    const lineTransfers: Record<string, number> = {};
    for (const c of TRANSFER_CLASSES) lineTransfers[c] = totals.transfers[c];
    const syscalls = { ...kernel.counters.syscalls };
    return {
      machine: o.machine.name,
      smt: o.smt,
      smtCapable: o.machine.layout.threadsPerCore > 1,
      containers: o.containers,
      layers: o.layers,
      passes: o.passes,
      strategy: o.strategy,
      seed: o.seed,
      syscalls,
      mountOps,
      startLatencySeconds: summarise(latencies),
      startLatencyQuantiles: Array.from({ length: 20 }, (_, i) =>
        latencies.count === 0 ? 0 : Math.round(seconds(latencies.quantile((i + 1) / 20)) * 1e6) / 1e6,
      ),
      startSuccessRate: frac(succeeded / o.containers),
      startsCompleted: completed,
      probes,
      probeTimeouts,
      mountinfoReadSecondsMax: frac(seconds(mountinfoMax)),
      mountinfoReads: { runtime: runtimeReads, systemd: systemdReads, probes },
      systemdBacklogSecondsMax: frac(seconds(systemdBacklogMax)),
      spinFraction: frac(capacity === 0 ? 0 : (spinWriters + spinReaders) / (capacity + spinReaders)),
      cpuProfile: {
        work: frac(work / capacity),
        spinWriters: frac(spinWriters / capacity),
        spinReaders: frac(Math.min(1, spinReaders / capacity)),
        idle: frac(Math.max(0, 1 - (work + spinWriters) / capacity)),
      },
      contestedFraction: frac(totals.requests === 0 ? 0 : totals.contested / totals.requests),
      falseSharingFraction: frac(
        totals.requests === 0 ? 0 : (totals.falseSharing + totals.falseSharingReads) / totals.requests,
      ),
      lineTransfers,
      locks: {
        mount_lock: lockSummary(kernel.lockStats.mount_lock),
        namespace_sem: lockSummary(kernel.lockStats.namespace_sem),
      },
      mountTablePeak: tablePeak,
      readersTurnedWriters: kernel.counters.legitimizeWrites,
      simulatedSeconds: frac(seconds(end)),
      events: env.eventsProcessed,
    };
  };

  env.run(finished);
  const end = env.now;
  // A probe still stuck at the end with its timeout passed is a timeout.
  if (probeRunning && end - probeBegan > o.probe.timeoutPs) probeTimeouts++;
  const outcome = reduce(end);

  // ---- drain: systemd keeps rescanning after the last start; its backlog is measured until it has
  // caught up with every mount event (or the horizon). Nothing else is counted after `end`. ----
  draining = true;
  const cap = lastDue + o.horizonPs;
  if (systemdBusy() && env.now < cap) {
    const idle = env.signal('systemd caught up');
    onSystemdIdle = () => {
      if (!idle.triggered) idle.succeed();
    };
    env.schedule(cap - env.now, () => {
      if (!idle.triggered) idle.succeed();
    });
    env.run(idle);
  }
  // A rescan still running, or events still waiting for one, at the end: their backlog so far.
  for (const since of [systemdScanCovers, systemdPendingSince()]) {
    if (since >= 0) systemdBacklogMax = Math.max(systemdBacklogMax, env.now - since);
  }
  return {
    ...outcome,
    systemdBacklogSecondsMax: Math.round(seconds(systemdBacklogMax) * 1e6) / 1e6,
    events: env.eventsProcessed,
  };
}
