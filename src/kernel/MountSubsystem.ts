// The Linux mount subsystem (fs/namespace.c, fs/namei.c, fs/proc_namespace.c): the global
// `mount_lock` seqlock (count and spinlock on one line, DEFINE_SEQLOCK), the global `namespace_sem`
// rwsem, expedited RCU grace periods after umount, the host mount table, path lookups as
// mount_lock readers and /proc/<pid>/mountinfo reads chunk by chunk. Each syscall is a sequence of
// lock holds (reference/kernel.md's table) written as a generator that runs on a scheduled thread:
// work needs a CPU, spinning keeps the CPU, a sleeping waiter gives it up.
//
// Readers that are not simulated one by one — the path lookups of every running workload — are an
// aggregated Poisson population of rate λ (backgroundLookupsPerCpu × busy CPUs). Exponential gaps are
// memoryless, so they are sampled only when a mount_lock writer closes its window W:
//  - the readers that arrived during W spin until it closes (CPU time λW²/2 on average) and each
//    re-fetches the line afterwards; on a mesh every re-fetch is a request at the line's home, on a
//    chiplet the CCX coalesces them (one per CCX with a spinner). Those requests occupy the line's
//    serialization point, so the next writer's RFO queues behind them (the coherence effect);
//  - the readers in the middle of their lookup when W opened (λ·pathLookup of them) fail their
//    sequence check and fall back to ref-walk; in __legitimize_mnt each takes lock_mount_hash() — a
//    write — if the count moves again within legitimizeWindow, i.e. with probability
//    1 − exp(−writeRate × legitimizeWindow) from the recent write rate (readers turned writers).
// Simulated threads (container starts, the runtime, systemd, probes) do their own lookups as real
// seqlock readers on the line.

import { type Ps, SimError } from '../core/index.ts';
import { type Environment, Signal } from '../engine/index.ts';
import type { Coherence, LatencyModel, Topology } from '../hw/index.ts';
import { DecayedRate, Histogram } from '../metrics/index.ts';
import type { RandomStream } from '../random/index.ts';
import type { Scheduler, SchedThread } from '../sched/index.ts';
import { type GrantCallback, Rcu, RwSem, type SeqLock, type SyncContext, type SyncThread } from '../sync/index.ts';
import { BoundaryQueue } from './boundaryQueue.ts';
import { type KernelParams, psOf } from './params.ts';

/** A kernel-side execution context: a scheduled thread and its identity for the locks. */
export interface KThread {
  readonly st: SchedThread;
  readonly sync: SyncThread;
}

export type Body = Generator<Signal<unknown> | number, void, unknown>;

/** A thread waiting for namespace_sem: queued or not, spinning (on its CPU) or asleep. */
interface NsWaiter {
  readonly k: KThread;
  spinning: boolean;
  queued: boolean;
  /** Set when the fast path granted it inside acquire. */
  grantedAtOnce: boolean;
  readonly onAcquired: () => void;
  readonly onGranted: GrantCallback;
  readonly onNeedResched: () => void;
}

export interface MountSubsystemOptions {
  /**
   * Run a mountinfo read's whole chunks as runs while nobody waits for namespace_sem (see
   * `mountinfoRead`); false: an event per chunk. Default true.
   */
  readonly mountinfoRuns?: boolean;
}

/**
 * A run of mountinfo chunks (see `mountinfoRead`): the reader keeps its read hold across the chunk
 * boundaries, whose up_read + down_read are deferred requests on namespace_sem's line.
 */
interface ChunkRun {
  /** Called at the run's end with the token it was scheduled with; a stale token is ignored. */
  readonly end: (token: number) => void;
  cpu: number;
  /** CPU time of one chunk. */
  work: Ps;
  /** When the reader's slice ends. */
  sliceEnd: Ps;
  /** Chunks in the run (fewer after a cut). */
  chunks: number;
  /** Chunk boundaries not yet submitted to the line, and when the next one arrives (the chunk in progress ends). */
  left: number;
  next: Ps;
  /** The namespace_sem wait of the chunk in progress (its down_read's latency). */
  prevWait: Ps;
  token: number;
  /** For the boundary queue: start order and position. */
  order: number;
  slot: number;
}

export interface LockStats {
  readonly waitHistogram: Histogram;
  waits: number;
  waitPsTotal: number;
  waitPsMax: number;
  holds: number;
  holdPsTotal: number;
  holdPsMax: number;
}

const newLockStats = (): LockStats => ({
  waitHistogram: new Histogram(),
  waits: 0,
  waitPsTotal: 0,
  waitPsMax: 0,
  holds: 0,
  holdPsTotal: 0,
  holdPsMax: 0,
});

export interface KernelCounters {
  syscalls: Record<string, number>;
  mounts: number;
  umounts: number;
  lookups: number;
  lookupRetries: number;
  backgroundLookupsSpun: number;
  backgroundSpinPs: number;
  backgroundRetries: number;
  legitimizeWrites: number;
  mountLockWrites: number;
  mountinfoReads: number;
  mountinfoChunks: number;
  mountEvents: number;
  optimisticSpins: number;
  /** Optimistic spins that ended in sleep (owner off CPU, handed to a sleeper or readers, need_resched). */
  spinAborts: number;
}

/**
 * Time constant of the recent mount_lock write rate: long against the gaps between writes under load
 * (1–10 µs), short against a container start (ms). A modelling choice, not a kernel parameter.
 */
const WRITE_RATE_TAU_PS = 50_000_000;

export class MountSubsystem {
  readonly env: Environment;
  readonly sched: Scheduler;
  readonly fabric: Coherence;
  readonly topology: Topology;
  readonly params: KernelParams;
  readonly mountLock: SeqLock;
  readonly namespaceSem: RwSem;
  readonly rcu: Rcu;
  readonly counters: KernelCounters = {
    syscalls: {},
    mounts: 0,
    umounts: 0,
    lookups: 0,
    lookupRetries: 0,
    backgroundLookupsSpun: 0,
    backgroundSpinPs: 0,
    backgroundRetries: 0,
    legitimizeWrites: 0,
    mountLockWrites: 0,
    mountinfoReads: 0,
    mountinfoChunks: 0,
    mountEvents: 0,
    optimisticSpins: 0,
    spinAborts: 0,
  };
  private readonly threadsById = new Map<number, KThread>();

  /** Registers a scheduled kernel context, so writers can see whether a semaphore's owner is on a CPU. */
  register(k: KThread): KThread {
    this.threadsById.set(k.sync.id, k);
    this.debt[k.sync.id] = 0;
    const gate = new Signal<unknown>(this.env, `${k.sync.name} wait`);
    this.gates[k.sync.id] = gate;
    this.burstDone[k.sync.id] = () => {
      k.sync.cpu = k.st.cpu;
      gate.succeedNow();
    };
    this.lookupDone[k.sync.id] = (_t, retries) => {
      this.counters.lookupRetries += retries;
      gate.succeedNow();
    };
    this.lookupChecked[k.sync.id] = (_t, retries, doneAt) => {
      this.counters.lookupRetries += retries;
      this.debt[k.sync.id] = doneAt - this.env.now;
      gate.succeedNow();
    };
    this.resume[k.sync.id] = () => gate.succeedNow();
    const run: ChunkRun = {
      end: (token) => {
        if (token === run.token && this.runEnded(run)) gate.succeedNow();
      },
      cpu: 0,
      work: 0,
      sliceEnd: 0,
      chunks: 0,
      left: 0,
      next: 0,
      prevWait: 0,
      token: 0,
      order: 0,
      slot: -1,
    };
    this.runs[k.sync.id] = run;
    this.nsWaiters[k.sync.id] = this.nsWaiterFor(k, gate);
    const resume = this.resume[k.sync.id] as () => void;
    this.graceDone[k.sync.id] = () => this.sched.wake(k.st, 0, resume);
    this.readyAt[k.sync.id] = (readyAt) => {
      this.debt[k.sync.id] = readyAt - this.env.now;
      gate.succeedNow();
    };
    this.locked[k.sync.id] = (_t, oddAt) => {
      this.oddAt[k.sync.id] = oddAt;
      gate.succeedNow();
    };
    if (this.sched.onOffCpu === null) {
      this.sched.onOffCpu = (t) => {
        const owner = this.namespaceSem.writer;
        if (owner !== null && this.threadsById.get(owner.id)?.st === t) this.recheckSpinners();
      };
    }
    return k;
  }
  // Per thread (by sync id): one re-armed signal for every wait, and the callbacks that open it,
  // bound once so that a wait allocates nothing.
  private readonly gates: Signal<unknown>[] = [];
  private readonly burstDone: (() => void)[] = [];
  private readonly lookupDone: ((t: SyncThread, retries: number) => void)[] = [];
  private readonly lookupChecked: ((t: SyncThread, retries: number, doneAt: Ps) => void)[] = [];
  /**
   * Time a thread still spends on its CPU finishing a step that resumed it early (a syscall's path
   * lookup returns when its checking read is issued): its next CPU step starts with it.
   */
  private readonly debt: Ps[] = [];
  private readonly resume: (() => void)[] = [];
  private readonly readyAt: ((readyAt: Ps) => void)[] = [];
  private readonly nsWaiters: NsWaiter[] = [];
  private readonly graceDone: (() => void)[] = [];
  private readonly locked: ((t: SyncThread, oddAt: Ps) => void)[] = [];
  private readonly runs: ChunkRun[] = [];
  /** Runs of mountinfo chunks with boundaries still to submit, earliest next boundary first. */
  private readonly boundaries = new BoundaryQueue<ChunkRun>();
  private runsStarted = 0;
  /** The least a chunk boundary can take: up_read and down_read hitting in this core's L1. */
  private readonly minBoundaryPs: Ps;
  private readonly chunkRuns: boolean;
  private readonly oddAt: Ps[] = [];

  /** The thread's signal, pending, for its next wait. */
  private gate(k: KThread): Signal<unknown> {
    const g = this.gates[k.sync.id] as Signal<unknown>;
    return g.processed ? g.rearm() : g;
  }

  readonly lockStats = { mount_lock: newLockStats(), namespace_sem: newLockStats() };
  /** Host mount table: counts by kind (bytes per line differ). */
  readonly table = { other: 0, bind: 0, overlay: 0 };
  /** Live children of the directory under which the idmapped layer mounts are made. */
  idmapChildren = 0;
  /** Called on every host-table mount event (systemd and other watchers). */
  onMountEvent: (() => void) | null = null;
  /** Mean one-way transfer latency between two online hardware threads: the cost of touching a line last written elsewhere. */
  readonly walkTransferPs: Ps;
  private readonly stream: RandomStream;
  private lambdaPerPs: number;
  private readonly bgCpus: number[];
  /** CPUs whose work issues the aggregated lookups: the background's, then one per started container. */
  private lookupCpus: number;
  private readonly l3Domains: number;
  private readonly chiplet: boolean;
  /** Recent rate of mount_lock writes (per ps), for the chance that the count moves within legitimizeWindow. */
  private readonly writeRate = new DecayedRate(WRITE_RATE_TAU_PS);
  /** One lock identity per background CPU (ids above any scheduled thread's, below qspinlock's 32,767 limit). */
  private readonly bgThreads: SyncThread[];
  private readonly bgBusy: Uint8Array;

  constructor(
    ctx: SyncContext,
    sched: Scheduler,
    latency: LatencyModel,
    params: KernelParams,
    mountLock: SeqLock,
    stream: RandomStream,
    options: MountSubsystemOptions = {},
  ) {
    this.env = ctx.env;
    this.sched = sched;
    this.fabric = ctx.fabric;
    this.topology = ctx.topology;
    this.params = params;
    this.mountLock = mountLock;
    this.namespaceSem = new RwSem(ctx, 'namespace_sem', { wakeupLatency: 0, readerWakeup: 'phase-fair' });
    this.rcu = new Rcu(ctx, 'rcu', {
      expeditedBase: psOf(params, 'rcuExpeditedBase'),
      expeditedPerCpu: psOf(params, 'rcuExpeditedPerCpu'),
      normal: 20_000_000_000,
      ipiCost: 2_000_000,
    });
    this.stream = stream;
    const online = ctx.topology.onlineCpus();
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < online.length; i += Math.max(1, Math.floor(online.length / 32))) {
      for (let j = 0; j < online.length; j++) {
        if (online[i] === online[j]) continue;
        sum += latency.transferPs(online[i] as number, online[j] as number);
        pairs++;
      }
    }
    this.walkTransferPs = pairs === 0 ? 0 : Math.round(sum / pairs);
    const busy = Math.max(0, Math.round(online.length * (params.backgroundLoad as number)));
    this.bgCpus = online
      .filter((_, i) => i % Math.max(1, Math.round(online.length / Math.max(1, busy))) === 0)
      .slice(0, busy);
    this.lambdaPerPs = ((params.backgroundLookupsPerCpu as number) * busy) / 1e12;
    this.lookupCpus = this.bgCpus.length;
    // Lock identities for every CPU that may issue lookups: the background's first, then the rest.
    const order = [...this.bgCpus, ...online.filter((c) => !this.bgCpus.includes(c))];
    this.bgThreads = order.map((cpu, i) => ({ id: 30_000 + i, cpu, name: `legitimize_mnt@${cpu}` }));
    this.bgBusy = new Uint8Array(this.bgThreads.length);
    this.l3Domains = ctx.topology.l3Domains;
    this.chiplet = ctx.fabric.params.interconnect === 'chiplet';
    this.table.other = params.hostMounts as number;
    this.chunkRuns = options.mountinfoRuns ?? true;
    this.minBoundaryPs = 2 * ctx.fabric.params.l1HitPs;
    if (this.chunkRuns) {
      this.namespaceSem.line.defer({ flush: (t) => this.flushRuns(t) });
      this.namespaceSem.onQueue = () => this.cutRuns();
    }
  }

  /**
   * A started container's workload joins the aggregated lookup population: `perSecond` more path
   * lookups per second, issued from one more CPU (until every online CPU issues some).
   */
  addLookupSource(perSecond: number): void {
    this.lambdaPerPs += perSecond / 1e12;
    if (this.lookupCpus < this.bgThreads.length) this.lookupCpus++;
  }

  /** Host table size M. */
  get tableSize(): number {
    return this.table.other + this.table.bind + this.table.overlay;
  }

  /** Bytes of a full mountinfo read of the host table. */
  get tableBytes(): number {
    const p = this.params;
    return (
      this.table.other * (p.bytesPerOtherMount as number) +
      this.table.bind * (p.bytesPerBindMount as number) +
      this.table.overlay * (p.bytesPerOverlay as number)
    );
  }

  // ---- execution primitives (generator helpers) ----

  /** Runs `work` ps on a CPU. */
  *cpu(k: KThread, work: Ps): Body {
    const w = this.onCpu(k, work);
    if (w !== null) yield w;
  }

  /**
   * What a process yields to run `work` ps on a CPU, or null when there is nothing to wait for (no
   * work, and the thread holds its CPU). The hot paths call it directly: `yield* cpu(…)` costs a
   * generator object per call.
   */
  private onCpu(k: KThread, work: Ps): number | Signal<unknown> | null {
    const owed = this.debt[k.sync.id] as Ps;
    if (owed > 0) this.debt[k.sync.id] = 0;
    const ps = Math.max(0, Math.round(work)) + owed;
    if (this.sched.runInline(k.st, ps)) {
      // The thread holds its CPU and the work fits in its slice: wait it out without a burst event.
      return ps > 0 ? ps : null;
    }
    const s = this.gate(k);
    this.sched.run(k.st, ps, this.burstDone[k.sync.id] as () => void);
    return s;
  }

  private count(name: string): void {
    this.counters.syscalls[name] = (this.counters.syscalls[name] ?? 0) + 1;
  }

  private record(stats: LockStats, waitPs: number, holdPs: number): void {
    stats.waitHistogram.record(waitPs);
    stats.waits++;
    stats.waitPsTotal += waitPs;
    if (waitPs > stats.waitPsMax) stats.waitPsMax = waitPs;
    stats.holds++;
    stats.holdPsTotal += holdPs;
    if (holdPs > stats.holdPsMax) stats.holdPsMax = holdPs;
  }

  /**
   * A path lookup: a mount_lock reader (spins while a writer is inside, retries if the count moved).
   * The retry is the ref-walk: it samples the count again at path_init but does not check it.
   */
  *lookup(k: KThread): Body {
    yield* this.pathLookup(k, false);
  }

  /** `early`: resume when the check is issued and leave its completion as debt for the next CPU step. */
  private *pathLookup(k: KThread, early: boolean): Body {
    const onCpu = this.onCpu(k, 0);
    if (onCpu !== null) yield onCpu;
    const s = this.gate(k);
    this.sched.spin(k.st);
    this.counters.lookups++;
    const id = k.sync.id;
    this.mountLock.read(
      k.sync,
      psOf(this.params, 'pathLookup'),
      (early ? this.lookupChecked[id] : this.lookupDone[id]) as (t: SyncThread, retries: number) => void,
      1,
      early,
    );
    yield s;
  }

  /** namespace_lock(): down_write; spins while the owner runs, else sleeps. Returns when held. */
  *nsWrite(k: KThread): Body {
    const onCpu = this.onCpu(k, 0);
    if (onCpu !== null) yield onCpu;
    const start = this.env.now;
    const wait = this.nsRequest(k, true);
    if (wait !== null) yield wait;
    this.nsAcquired(k, start);
  }

  /** down_read (a mountinfo chunk, an overlay's private clone); sleeps if a writer holds or waits. */
  *nsRead(k: KThread): Body {
    const onCpu = this.onCpu(k, 0);
    if (onCpu !== null) yield onCpu;
    const start = this.env.now;
    const wait = this.nsRequest(k, false);
    if (wait !== null) yield wait;
    this.nsAcquired(k, start);
  }

  /**
   * Asks namespace_sem for `k`: null when the fast path granted it at once (the grant's line
   * operation left as debt), else the signal to wait for, with `k` spinning or asleep meanwhile.
   */
  private nsRequest(k: KThread, write: boolean): Signal<unknown> | null {
    const w = this.nsWaiters[k.sync.id] as NsWaiter;
    const before = this.namespaceSem.waiting;
    w.queued = false;
    w.spinning = false;
    w.grantedAtOnce = false;
    const s = this.gate(k);
    if (write) this.namespaceSem.acquireWrite(k.sync, w.onAcquired, w.onGranted);
    else this.namespaceSem.acquireRead(k.sync, w.onAcquired, w.onGranted);
    if (w.grantedAtOnce) return null;
    w.queued = this.namespaceSem.waiting > before;
    if (!w.queued) return s; // granted as an event (the line operation completes first)
    // rwsem_optimistic_spin: a writer spins (keeps its CPU, no wake-up latency) while the writer
    // that owns the semaphore is running on a CPU. It stops and sleeps as soon as the owner goes off
    // CPU (preempted or asleep), the semaphore passes to a thread that is not on a CPU or to readers,
    // or another thread needs its CPU (need_resched). Readers do not spin.
    w.spinning = write && this.sched.runnable === 0 && this.nsOwnerOnCpu();
    if (w.spinning) {
      this.counters.optimisticSpins++;
      this.nsSpinners.add(w);
      this.sched.spinYieldable(k.st, w.onNeedResched);
    } else this.sched.sleep(k.st);
    return s;
  }

  /** Books a namespace_sem acquisition; woken by wakeThen, it holds it from the end of its context switch. */
  private nsAcquired(k: KThread, start: Ps): void {
    if (this.nsSpinners.size > 0) this.nsSpinners.delete(this.nsWaiters[k.sync.id] as NsWaiter);
    k.sync.cpu = k.st.cpu;
    const acquired = this.env.now + (this.debt[k.sync.id] as Ps);
    this.nsAcquiredAt[k.sync.id] = acquired;
    this.nsWaitedPs[k.sync.id] = acquired - start;
  }

  /** A thread's namespace_sem wait: its state and callbacks, made once per thread. */
  private nsWaiterFor(k: KThread, gate: Signal<unknown>): NsWaiter {
    const id = k.sync.id;
    const w: NsWaiter = {
      k,
      spinning: false,
      queued: false,
      grantedAtOnce: false,
      // Granted as an event (at once, or when the semaphore was released while it queued).
      onAcquired: () => {
        if (w.queued && !w.spinning) this.sched.wakeThen(k.st, this.readyAt[id] as (readyAt: Ps) => void);
        else gate.succeedNow();
      },
      onGranted: (_t, at) => {
        if (!w.queued) {
          // The fast path, inside acquire: the caller goes on at once, the grant's line operation
          // still to complete (debt for its next CPU step).
          w.grantedAtOnce = true;
          this.debt[id] = at - this.env.now;
        } else if (w.spinning) this.env.callWith(at - this.env.now, w.onAcquired, null);
        // Granted by a release, effective at `at`: a sleeper's wake-up starts then.
        else this.sched.wakeThen(k.st, this.readyAt[id] as (readyAt: Ps) => void, at - this.env.now);
      },
      onNeedResched: () => this.stopSpinning(w),
    };
    return w;
  }

  /** Optimistic spinners of namespace_sem, still waiting. */
  private readonly nsSpinners = new Set<NsWaiter>();

  /** Whether namespace_sem is held by a writer that is on a CPU (running or spinning). */
  private nsOwnerOnCpu(): boolean {
    const owner = this.namespaceSem.writer;
    const t = owner === null ? undefined : this.threadsById.get(owner.id)?.st;
    return t !== undefined && (t.state === 'running' || t.state === 'spinning');
  }

  private stopSpinning(w: NsWaiter): void {
    if (!w.spinning) return;
    w.spinning = false;
    this.nsSpinners.delete(w);
    this.counters.spinAborts++;
    this.sched.sleep(w.k.st);
  }

  /** The spinners' owner check (rwsem_spin_on_owner): keep spinning only behind a writer on a CPU. */
  private recheckSpinners(): void {
    if (this.nsSpinners.size === 0) return;
    const owner = this.namespaceSem.writer;
    // Free and uncontended: the spinners' next cmpxchg will be granted through the queue; keep them.
    if (this.nsOwnerOnCpu() || (owner === null && this.namespaceSem.readers === 0)) return;
    for (const w of [...this.nsSpinners]) {
      if (owner === w.k.sync) continue; // granted while spinning: it is the owner now
      this.stopSpinning(w);
    }
  }

  private readonly nsAcquiredAt: number[] = [];
  private readonly nsWaitedPs: number[] = [];

  nsWriteUnlock(k: KThread): void {
    this.recordNsHold(k);
    this.namespaceSem.releaseWrite(k.sync);
    this.recheckSpinners();
  }

  /** The wait and hold of the namespace_sem hold `k` ends now. */
  private recordNsHold(k: KThread): void {
    this.record(
      this.lockStats.namespace_sem,
      this.nsWaitedPs[k.sync.id] ?? 0,
      this.env.now - (this.nsAcquiredAt[k.sync.id] ?? this.env.now),
    );
  }

  nsReadUnlock(k: KThread): void {
    this.recordNsHold(k);
    this.namespaceSem.releaseRead(k.sync);
    this.recheckSpinners();
  }

  /** lock_mount_hash() … work … unlock_mount_hash(): one mount_lock write section of `work` ps. */
  *mountLockWrite(k: KThread, work: Ps): Body {
    const onCpu = this.onCpu(k, 0);
    if (onCpu !== null) yield onCpu;
    const start = this.env.now;
    const s = this.gate(k);
    this.sched.spin(k.st);
    this.mountLock.acquireThen(k.sync, this.locked[k.sync.id] as (t: SyncThread, oddAt: Ps) => void);
    yield s;
    // Resumed when the spinlock is taken; the section opens when the odd store completes.
    this.sched.enterNonPreemptible(k.st);
    const opened = this.oddAt[k.sync.id] as Ps;
    const section = this.onCpu(k, opened - this.env.now + work);
    if (section !== null) yield section;
    this.closeWindow(opened);
    this.record(this.lockStats.mount_lock, opened - start, this.env.now - opened);
    const r = this.mountLock.release(k.sync, () => undefined);
    if (r < 0) throw new SimError('mount_lock release must not wait', { where: 'kernel' });
    this.sched.leaveNonPreemptible(k.st);
    this.counters.mountLockWrites++;
  }

  /**
   * The aggregated background readers of a write window [opened, now]: spin time, the line traffic
   * of their re-fetches, the lookups that were in flight and fall back, and the writers some of them
   * become.
   */
  private closeWindow(opened: Ps): void {
    const now = this.env.now;
    const w = now - opened;
    // Recent write rate (a decaying count, unbiased for Poisson writes) for the legitimize probability.
    this.writeRate.event(now);
    if (this.lambdaPerPs <= 0) return;
    const expected = this.lambdaPerPs * w;
    const spinners = Math.min(this.lookupCpus, this.poisson(expected));
    if (spinners > 0) {
      this.counters.backgroundLookupsSpun += spinners;
      // Arrivals uniform in the window: each spins from its arrival to the end.
      this.counters.backgroundSpinPs += (spinners * w) / 2;
      // Their re-fetches after the count turns even: one request per spinner on a mesh, one per
      // CCX holding spinners on a chiplet; each served in an L3 hit's time, the first a transfer.
      const line = this.mountLock.countLine;
      const requests = this.chiplet ? this.distinctDomains(spinners) : spinners;
      const service = this.fabric.params.l3HitPs * Math.max(0, requests - 1) + (requests > 0 ? this.walkTransferPs : 0);
      line.occupyHome(now, service, requests);
    }
    // Lookups in flight when the window opened fail their check and fall back to ref-walk.
    const inFlight = this.poisson(this.lambdaPerPs * psOf(this.params, 'pathLookup'));
    if (inFlight > 0) {
      this.counters.backgroundRetries += inFlight;
      const p = 1 - Math.exp(-this.writeRate.valueAt(now) * psOf(this.params, 'legitimizeWindow'));
      let writers = 0;
      for (let i = 0; i < inFlight; i++) if (this.stream.next() < p) writers++;
      for (let i = 0; i < writers; i++) this.legitimizeWrite();
    }
  }

  /** A background lookup in __legitimize_mnt takes lock_mount_hash(): a short write by a CPU we do not schedule. */
  private legitimizeWrite(): void {
    const n = this.lookupCpus;
    if (n === 0) return;
    let i = Math.floor(this.stream.next() * n);
    for (let tries = 0; tries < n && this.bgBusy[i] === 1; tries++) i = (i + 1) % n;
    if (this.bgBusy[i] === 1) return; // every background CPU is already inside one
    this.bgBusy[i] = 1;
    const thread = this.bgThreads[i] as SyncThread;
    this.counters.legitimizeWrites++;
    const hold = psOf(this.params, 'legitimizeHold');
    this.mountLock.acquire(thread, () => {
      const opened = this.env.now;
      this.env.callWith(
        hold,
        () => {
          this.closeWindow(opened);
          this.mountLock.release(thread, () => undefined);
          this.counters.mountLockWrites++;
          this.bgBusy[i] = 0;
        },
        null,
      );
    });
  }

  private distinctDomains(k: number): number {
    const d = this.l3Domains;
    return Math.min(k, Math.max(1, Math.round(d * (1 - (1 - 1 / d) ** k))));
  }

  private poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(this.stream.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let n = 0;
    let p = this.stream.next();
    while (p > limit) {
      n++;
      p *= this.stream.next();
    }
    return n;
  }

  /** Cost of walking the existing children of the idmap parent (bind mount, open_tree, overlay lowerdir). */
  childWalkPs(): Ps {
    return Math.round(this.idmapChildren * (this.params.childWalkTransfers as number) * this.walkTransferPs);
  }

  private mountEvent(): void {
    this.counters.mountEvents++;
    this.onMountEvent?.();
  }

  // ---- syscalls ----

  private *lookups(k: KThread): Body {
    // Each syscall's next step is CPU work, which absorbs the lookup's last read (early resume).
    for (let i = 0; i < (this.params.lookupsPerSyscall as number); i++) yield* this.pathLookup(k, true);
  }

  /** open_tree(OPEN_TREE_CLONE | AT_RECURSIVE): clone a layer directory into an anonymous namespace. */
  *openTree(k: KThread): Body {
    this.count('open_tree');
    yield* this.lookups(k);
    yield* this.cpu(k, psOf(this.params, 'syscallWork'));
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase') + this.childWalkPs());
    yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold')); // the clone
    yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold')); // attach to the anonymous namespace
    this.nsWriteUnlock(k);
  }

  /** mount_setattr(MOUNT_ATTR_IDMAP | RDONLY, MS_PRIVATE). RDONLY sums per-CPU writer counts over possible CPUs. */
  *mountSetattr(k: KThread): Body {
    this.count('mount_setattr');
    yield* this.lookups(k);
    yield* this.cpu(k, psOf(this.params, 'syscallWork'));
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase'));
    const perCpuSum = this.topology.cpus * psOf(this.params, 'perCpuSum');
    yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold') + perCpuSum);
    this.nsWriteUnlock(k);
  }

  /** move_mount into the host table (a transient idmapped layer). */
  *moveMount(k: KThread): Body {
    this.count('move_mount');
    yield* this.lookups(k);
    yield* this.cpu(k, psOf(this.params, 'syscallWork'));
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase') + this.childWalkPs());
    const hold = psOf(this.params, 'mountLockHold');
    yield* this.mountLockWrite(k, hold / 4); // get_mountpoint
    yield* this.mountLockWrite(k, hold); // attach
    yield* this.mountLockWrite(k, hold / 4); // put_mountpoint
    this.table.bind++;
    this.idmapChildren++;
    this.counters.mounts++;
    this.nsWriteUnlock(k);
    this.mountEvent();
  }

  /** Overlay mount over `layers` lowerdirs: a private clone per layer (namespace_sem read), then attach. */
  *overlayMount(k: KThread, layers: number, inHostTable: boolean): Body {
    this.count('mount(overlay)');
    yield* this.lookups(k);
    for (let i = 0; i < layers; i++) {
      yield* this.nsRead(k);
      yield* this.cpu(k, this.childWalkPs() / 4);
      yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold'));
      this.nsReadUnlock(k);
      yield* this.cpu(k, psOf(this.params, 'overlayPerLayer'));
    }
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase'));
    yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold'));
    if (inHostTable) this.table.overlay++;
    this.counters.mounts++;
    this.nsWriteUnlock(k);
    if (inHostTable) this.mountEvent();
  }

  /** umount2(path, 0) of a host-table mount, then an expedited RCU grace period. */
  *umount(k: KThread, kind: 'bind' | 'overlay' | 'detached'): Body {
    this.count('umount2');
    yield* this.lookups(k);
    yield* this.cpu(k, psOf(this.params, 'umountWork'));
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase'));
    yield* this.mountLockWrite(k, psOf(this.params, 'mountLockHold'));
    if (kind === 'bind') {
      this.table.bind--;
      this.idmapChildren--;
    } else if (kind === 'overlay') this.table.overlay--;
    this.counters.umounts++;
    this.nsWriteUnlock(k);
    if (kind !== 'detached') this.mountEvent();
    yield* this.graceExpedited(k);
  }

  /** unshare(CLONE_NEWNS): copy_mnt_ns copies the whole host table, a short mount_lock write per mount. */
  *unshareMountNs(k: KThread): Body {
    this.count('unshare(CLONE_NEWNS)');
    yield* this.cpu(k, psOf(this.params, 'syscallWork'));
    yield* this.nsWrite(k);
    const m = this.tableSize;
    const per = psOf(this.params, 'copyPerMount') + (this.params.umountTreeTransfers as number) * this.walkTransferPs;
    const hold = psOf(this.params, 'copyLockHold');
    // The copy alternates work and short write sections; batched into 64 sections of equal share so
    // the event count stays bounded while the window/gap pattern (and its reader effects) is kept.
    const batches = Math.min(m, 64);
    for (let b = 0; b < batches; b++) {
      const share = Math.floor(m / batches) + (b < m % batches ? 1 : 0);
      yield* this.cpu(k, share * per);
      yield* this.mountLockWrite(k, share * hold);
    }
    this.nsWriteUnlock(k);
  }

  /** pivot_root + umount2(old root, MNT_DETACH): umount_tree of the copied table in one write section. */
  *pivotAndDetach(k: KThread, copied: number): Body {
    this.count('pivot_root');
    this.count('umount2(MNT_DETACH)');
    yield* this.lookups(k);
    yield* this.cpu(k, psOf(this.params, 'syscallWork'));
    yield* this.nsWrite(k);
    yield* this.cpu(k, psOf(this.params, 'nsWriteBase'));
    const per =
      psOf(this.params, 'umountTreePerMount') + (this.params.umountTreeTransfers as number) * this.walkTransferPs;
    yield* this.mountLockWrite(k, copied * per);
    this.nsWriteUnlock(k);
    yield* this.graceExpedited(k);
  }

  /** namespace_unlock → synchronize_rcu_expedited(): sleep until a grace period that starts now ends. */
  private *graceExpedited(k: KThread): Body {
    const s = this.gate(k);
    this.sched.sleep(k.st);
    this.rcu.synchronizeExpedited(k.sync, this.graceDone[k.sync.id] as () => void);
    yield s;
  }

  /**
   * A read of /proc/<pid>/mountinfo: one namespace_sem read hold per 4 KiB chunk, then the parse.
   *
   * Runs of chunks: while nobody waits for namespace_sem, a chunk's down_read takes the fast path
   * and changes nothing but the line, so a reader that holds its CPU goes through as many whole
   * chunks as fit in its slice as one step — one event instead of one per chunk (a read can be
   * thousands of chunks). Each boundary's up_read + down_read still reaches the semaphore's line, in
   * arrival order with everyone else's requests: the line submits them lazily (`Line.defer`), when
   * another request arrives or the run's end comes due. The next chunk starts when its down_read
   * completes, as chunk by chunk, so a run's end moves later by its boundaries' latencies: the end
   * event is scheduled for the run without them and re-armed until every boundary is in. A thread
   * that queues for namespace_sem (a writer; a reader behind one) cuts every run at its next
   * boundary, where the reader's down_read takes the slow path as it would chunk by chunk. The
   * scheduler books the run's CPU time up front, so a run leaves one chunk of its slice for the
   * boundaries' latencies, and is cut at its next boundary if they take more (chunk by chunk, a
   * chunk that does not fit in the slice is where a waiting thread gets the CPU).
   */
  *mountinfoRead(k: KThread, parsePerLine: Ps): Body {
    this.counters.mountinfoReads++;
    const perByte = psOf(this.params, 'mountinfoPerByte');
    // seq_file: a page per read() call until the end of the list as it is then (it may grow or shrink).
    // The loop inlines nsRead and cpu (same steps, no generator per chunk).
    for (let offset = 0, bytes = this.tableBytes; offset < bytes; offset += 4096, bytes = this.tableBytes) {
      const chunk = Math.min(4096, bytes - offset);
      this.counters.mountinfoChunks++;
      const onCpu = this.onCpu(k, 0);
      if (onCpu !== null) yield onCpu;
      const start = this.env.now;
      const wait = this.nsRequest(k, false);
      if (wait !== null) yield wait;
      this.nsAcquired(k, start);
      const n = this.chunkRuns ? this.runLength(k, bytes - offset, 4096 * perByte) : 0;
      if (n >= 2) {
        const done = yield* this.chunkRun(k, n, 4096 * perByte);
        offset += (done - 1) * 4096;
        this.counters.mountinfoChunks += done - 1;
      } else {
        const work = this.onCpu(k, chunk * perByte);
        if (work !== null) yield work;
      }
      this.nsReadUnlock(k);
    }
    const parse = this.onCpu(k, this.tableSize * parsePerLine);
    if (parse !== null) yield parse;
  }

  /**
   * How many whole chunks `k`, holding namespace_sem for read, can run as one step now (0: none):
   * those that fit in its slice with one chunk to spare for the boundaries' latencies.
   */
  private runLength(k: KThread, bytesLeft: number, work: Ps): number {
    if (this.namespaceSem.waiting > 0 || work <= 0) return 0;
    const budget = this.sched.inlineBudget(k.st) - (this.debt[k.sync.id] as Ps);
    return Math.min(Math.floor(bytesLeft / 4096), Math.floor(budget / work) - 1);
  }

  /**
   * `n` chunks of `work` ps as one step (see `mountinfoRead`), from a down_read just granted.
   * Returns the chunks done (fewer than `n` when a waiter cut the run), still holding the last one.
   */
  private *chunkRun(k: KThread, n: number, work: Ps): Generator<Signal<unknown> | number, number, unknown> {
    const id = k.sync.id;
    const owed = this.debt[id] as Ps;
    this.debt[id] = 0;
    const total = owed + n * work;
    const run = this.runs[id] as ChunkRun;
    run.sliceEnd = this.env.now + this.sched.inlineBudget(k.st);
    if (!this.sched.runInline(k.st, total))
      throw new SimError('a chunk run must fit in the slice', { where: 'kernel' });
    run.cpu = k.sync.cpu;
    run.work = work;
    run.chunks = n;
    run.left = n - 1;
    run.next = this.env.now + owed + work;
    run.prevWait = this.nsWaitedPs[id] as Ps;
    run.token++;
    run.order = this.runsStarted++;
    this.boundaries.push(run);
    const g = this.gate(k);
    // The end if no boundary waits at the line (never late: re-armed when it comes early).
    this.env.callWith(total + (n - 1) * this.minBoundaryPs, run.end, run.token);
    yield g;
    this.namespaceSem.countReadsAhead(run.chunks - 1);
    // nsReadUnlock records the last chunk's hold.
    this.nsWaitedPs[id] = run.prevWait;
    this.nsAcquiredAt[id] = this.env.now - work;
    return run.chunks;
  }

  /** Submits the runs' chunk boundaries that arrive at or before `t`, earliest first (Line.defer). */
  private flushRuns(t: Ps): void {
    const queue = this.boundaries;
    const line = this.namespaceSem.line;
    const stats = this.lockStats.namespace_sem;
    for (let r = queue.peek(); r !== undefined && r.next <= t; r = queue.peek()) {
      const at = r.next;
      line.touch(r.cpu, at, 0); // up_read
      const wait = line.touch(r.cpu, at, 0) - at; // down_read: the fast path, nobody queued
      this.record(stats, r.prevWait, r.work);
      r.prevWait = wait;
      r.next = at + wait + r.work;
      if (--r.left === 0) queue.remove(r);
      else queue.headMoved();
    }
  }

  /**
   * A run's end came due: submits the boundaries that arrived by now; true if the run is over, else
   * its end moved (boundary latencies) and is re-armed.
   */
  private runEnded(r: ChunkRun): boolean {
    const now = this.env.now;
    this.namespaceSem.line.flush(now);
    let end = r.next + r.left * (r.work + this.minBoundaryPs);
    if (end < now) throw new SimError(`a chunk run's end came ${now - end} ps late`, { where: 'kernel' });
    if (end === now) return true;
    if (end > r.sliceEnd && r.left > 0) {
      // The latencies pushed the run past its slice: chunk by chunk, the scheduler would have had
      // its say at the next boundary. Cut the run there; the rest goes chunk by chunk.
      r.chunks -= r.left;
      r.left = 0;
      this.boundaries.remove(r);
      end = r.next;
    }
    this.env.callWith(end - now, r.end, r.token);
    return false;
  }

  /** Someone queues for namespace_sem: every run ends at its next boundary (its down_read would sleep). */
  private cutRuns(): void {
    const now = this.env.now;
    for (const r of this.boundaries.all()) {
      if (r.next <= now) throw new SimError('a chunk run boundary was not submitted in time', { where: 'kernel' });
      r.chunks -= r.left;
      r.left = 0;
      r.token++;
      this.env.callWith(r.next - now, r.end, r.token);
    }
    this.boundaries.clear();
  }
}
