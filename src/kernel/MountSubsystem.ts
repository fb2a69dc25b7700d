// The Linux mount subsystem (fs/namespace.c, fs/namei.c, fs/proc_namespace.c), assembled from its
// concepts: the kernel threads that run syscalls (KernelThread), the global `mount_lock` seqlock
// (MountLock) and `namespace_sem` rwsem (NamespaceSem), the path lookups of everything else on the
// machine (LookupPopulation), the host mount table (MountTable), expedited RCU grace periods after
// umount, mountinfo reads (Mountinfo) and the syscalls as sequences of lock holds (Syscalls).
// Counters and lock statistics are collected here for the workload to reduce.

import { type Ps, SimError } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { Machine, Scheduler } from '../sched/index.ts';
import { RCU, Rcu, resolveParams, SeqLock } from '../sync/index.ts';
import { type KernelCounters, newKernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';
import { type Body, KernelThread } from './KernelThread.ts';
import type { LockStats } from './LockStats.ts';
import { LookupPopulation } from './LookupPopulation.ts';
import { MountLock } from './MountLock.ts';
import { Mountinfo } from './Mountinfo.ts';
import { MountTable } from './MountTable.ts';
import { NamespaceSem } from './NamespaceSem.ts';
import { PropagationTree } from './PropagationTree.ts';
import { Syscalls } from './Syscalls.ts';

/** The stream of the kernel's own randomness (the aggregated lookups). */
const KERNEL_STREAM = 'kernel';

/** RCU's descriptor defaults (normal grace period, IPI cost) are durations in time units: no clock needed. */
const RCU_CLOCK_GHZ = 1;

export interface MountSubsystemOptions {
  /**
   * Run a mountinfo read's whole chunks as runs while nobody waits for namespace_sem (Mountinfo);
   * false: an event per chunk. Default true.
   */
  readonly mountinfoRuns?: boolean;
}

export class MountSubsystem {
  readonly env: Environment;
  readonly sched: Scheduler;
  readonly params: KernelParams;
  readonly counters: KernelCounters = newKernelCounters();
  readonly ns: NamespaceSem;
  readonly rcu: Rcu;
  readonly table: MountTable;
  readonly propagation: PropagationTree;
  readonly lookups: LookupPopulation;
  readonly mountLock: MountLock;
  readonly mountinfo: Mountinfo;
  readonly syscalls: Syscalls;
  private nextId = 0;

  /** The subsystem on `machine`, which must have a scheduler. */
  constructor(machine: Machine, params: KernelParams, options: MountSubsystemOptions = {}) {
    const { ctx, sched } = machine;
    if (sched === null) throw new SimError('the mount subsystem needs a machine with a scheduler', { where: 'kernel' });
    this.env = ctx.env;
    this.sched = sched;
    this.params = params;
    // Lines are made in this order (mount_lock's, namespace_sem's): a line's home follows its index.
    const mountLock = new SeqLock(ctx, 'mount_lock', { layout: 'shared-line', spinlock: 'qspinlock' });
    this.ns = new NamespaceSem(ctx, sched, this.counters);
    this.rcu = new Rcu(ctx, 'rcu', {
      ...resolveParams(RCU, {}, RCU_CLOCK_GHZ),
      expeditedBase: params.rcuExpeditedBase,
      expeditedPerCpu: params.rcuExpeditedPerCpu,
    });
    // The price of touching a line (a mount) last written by some other CPU.
    const transferPs = machine.latency.meanTransferPs();
    this.lookups = new LookupPopulation(ctx, params, mountLock, ctx.stream(KERNEL_STREAM), this.counters, transferPs);
    this.table = new MountTable(params, transferPs);
    this.propagation = new PropagationTree(params, machine.memory);
    this.mountLock = new MountLock(ctx.env, sched, mountLock, params, this.counters, this.lookups);
    this.mountinfo = new Mountinfo(ctx.env, sched, this.ns, this.table, params, this.counters, {
      chunkRuns: options.mountinfoRuns ?? true,
      l1HitPs: ctx.fabric.params.l1HitPs,
    });
    this.syscalls = new Syscalls({
      sched,
      mountLock: this.mountLock,
      ns: this.ns,
      table: this.table,
      tree: this.propagation,
      rcu: this.rcu,
      params,
      counters: this.counters,
      possibleCpus: ctx.topology.cpus,
    });
  }

  /** A new kernel thread on the scheduler, known to the locks it may take (dense ids from 0). */
  thread(name: string, cpu: number): KernelThread {
    const k = new KernelThread(this.env, this.sched, this.sched.thread(name), { id: this.nextId++, cpu, name });
    this.ns.register(k);
    this.mountLock.register(k);
    this.mountinfo.register(k);
    return k;
  }

  get lockStats(): { readonly mount_lock: LockStats; readonly namespace_sem: LockStats } {
    return { mount_lock: this.mountLock.stats, namespace_sem: this.ns.stats };
  }

  /** A path lookup by `k` (a mount_lock reader). */
  lookup(k: KernelThread): Body {
    return this.mountLock.lookup(k);
  }

  /** A full mountinfo read of the host table by `k`, parsed at `parsePerLine` per line. */
  mountinfoRead(k: KernelThread, parsePerLine: Ps): Body {
    return this.mountinfo.read(k, parsePerLine);
  }
}
