// mount_lock as the mount code uses it: the global seqlock (DEFINE_SEQLOCK: count and spinlock on one
// cache line). Writers: `lock_mount_hash()` sections of the syscalls — a holder spins for the spinlock
// on its CPU and cannot be preempted inside. Readers: the path lookups of simulated threads
// (`path_init` samples the count, spins while it is odd, retries if it moved); every other lookup on
// the machine is the aggregated population (LookupPopulation), told when each write window closes.

import { type Ps, SimError } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { Scheduler } from '../sched/index.ts';
import type { SeqLock, SyncThread } from '../sync/index.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';
import type { Body, KernelThread } from './KernelThread.ts';
import { type LockStats, newLockStats, recordHold } from './LockStats.ts';
import type { LookupPopulation } from './LookupPopulation.ts';

/** A thread's mount_lock callbacks, made once, and the time its current section opened. */
interface SectionRecord {
  oddAt: Ps;
  readonly locked: (t: SyncThread, oddAt: Ps) => void;
  readonly lookupDone: (t: SyncThread, retries: number) => void;
  readonly lookupChecked: (t: SyncThread, retries: number, doneAt: Ps) => void;
}

export class MountLock {
  readonly lock: SeqLock;
  readonly stats: LockStats = newLockStats();
  private readonly env: Environment;
  private readonly sched: Scheduler;
  private readonly params: KernelParams;
  private readonly counters: KernelCounters;
  private readonly population: LookupPopulation;
  /** Per thread, by sync id. */
  private readonly records: SectionRecord[] = [];

  constructor(
    env: Environment,
    sched: Scheduler,
    lock: SeqLock,
    params: KernelParams,
    counters: KernelCounters,
    population: LookupPopulation,
  ) {
    this.env = env;
    this.sched = sched;
    this.lock = lock;
    this.params = params;
    this.counters = counters;
    this.population = population;
  }

  register(k: KernelThread): void {
    const r: SectionRecord = {
      oddAt: 0,
      locked: (_t, oddAt) => {
        r.oddAt = oddAt;
        k.resume();
      },
      lookupDone: (_t, retries) => {
        this.counters.lookupRetries += retries;
        k.resume();
      },
      lookupChecked: (_t, retries, doneAt) => {
        this.counters.lookupRetries += retries;
        k.resumeAt(doneAt);
      },
    };
    this.records[k.sync.id] = r;
  }

  /** lock_mount_hash() … `work` … unlock_mount_hash(): one write section. */
  *write(k: KernelThread, work: Ps): Body {
    const onCpu = k.onCpu(0);
    if (onCpu !== null) yield onCpu;
    const start = this.env.now;
    const s = k.gate();
    this.sched.spin(k.st);
    const r = this.records[k.sync.id] as SectionRecord;
    this.lock.acquireThen(k.sync, r.locked);
    yield s;
    // Resumed when the spinlock is taken; the section opens when the odd store completes.
    this.sched.enterNonPreemptible(k.st);
    const opened = r.oddAt;
    const section = k.onCpu(opened - this.env.now + work);
    if (section !== null) yield section;
    this.population.windowClosed(opened);
    recordHold(this.stats, opened - start, this.env.now - opened);
    const released = this.lock.release(k.sync, () => undefined);
    if (released < 0) throw new SimError('mount_lock release must not wait', { where: 'kernel' });
    this.sched.leaveNonPreemptible(k.st);
    this.counters.mountLockWrites++;
  }

  /**
   * A path lookup: a reader (spins while a writer is inside, retries if the count moved). The retry
   * is the ref-walk: it samples the count again at path_init but does not check it. `early`: resume
   * when the check is issued and leave its completion as debt for the next CPU step (a syscall's own
   * lookup is always followed by CPU work).
   */
  *lookup(k: KernelThread, early = false): Body {
    const onCpu = k.onCpu(0);
    if (onCpu !== null) yield onCpu;
    const s = k.gate();
    this.sched.spin(k.st);
    this.counters.lookups++;
    const r = this.records[k.sync.id] as SectionRecord;
    this.lock.read(k.sync, this.params.pathLookup, early ? r.lookupChecked : r.lookupDone, 1, early);
    yield s;
  }
}
