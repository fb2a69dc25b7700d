// namespace_sem as the mount code uses it: the global rwsem (fs/namespace.c) taken for write by every
// mount and umount, for read by each mountinfo chunk and by an overlay's private clones. A writer
// that queues spins optimistically while the writer that owns the semaphore is on a CPU, and sleeps
// otherwise (kernel/locking/rwsem.c, rwsem_optimistic_spin); readers do not spin. Every hold's wait
// and length is recorded.

import type { Ps } from '../core/index.ts';
import type { Environment, Signal } from '../engine/index.ts';
import type { Scheduler } from '../sched/index.ts';
import { type GrantCallback, RwSem, type SyncContext } from '../sync/index.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { Body, KernelThread } from './KernelThread.ts';
import { type LockStats, newLockStats, recordHold } from './LockStats.ts';

/** A thread's namespace_sem state: its current wait (queued or not, spinning or asleep) and hold. */
export interface NsHolder {
  readonly k: KernelThread;
  spinning: boolean;
  queued: boolean;
  /** Set when the fast path granted it inside acquire. */
  grantedAtOnce: boolean;
  /** When the current hold began, and how long it waited for it. */
  acquiredAt: Ps;
  waitedPs: Ps;
  readonly onAcquired: () => void;
  readonly onGranted: GrantCallback;
  readonly onNeedResched: () => void;
}

export class NamespaceSem {
  readonly sem: RwSem;
  readonly stats: LockStats = newLockStats();
  /** Total time namespace_sem was held for write (ps): what the propagation walks' share is of. */
  writeHoldPs = 0;
  private readonly env: Environment;
  private readonly sched: Scheduler;
  private readonly counters: KernelCounters;
  /** Per thread, by sync id. */
  private readonly holders: NsHolder[] = [];
  /** Optimistic spinners, still waiting. */
  private readonly spinners = new Set<NsHolder>();

  constructor(ctx: SyncContext, sched: Scheduler, counters: KernelCounters) {
    this.env = ctx.env;
    this.sched = sched;
    this.counters = counters;
    this.sem = new RwSem(ctx, 'namespace_sem', { wakeupLatency: 0, readerWakeup: 'phase-fair' });
  }

  /** Makes `k`'s record; the first registration also lets the semaphore see its owner go off CPU. */
  register(k: KernelThread): void {
    this.holders[k.sync.id] = this.holderFor(k);
    if (this.sched.onOffCpu === null) {
      this.sched.onOffCpu = (t) => {
        const owner = this.sem.writer;
        if (owner !== null && this.holders[owner.id]?.k.st === t) this.recheckSpinners();
      };
    }
  }

  holder(k: KernelThread): NsHolder {
    return this.holders[k.sync.id] as NsHolder;
  }

  /** namespace_lock(): down_write; spins while the owner runs, else sleeps. Returns when held. */
  *write(k: KernelThread): Body {
    yield* this.take(k, true);
  }

  /** down_read (a mountinfo chunk, an overlay's private clone); sleeps if a writer holds or waits. */
  *read(k: KernelThread): Body {
    yield* this.take(k, false);
  }

  private *take(k: KernelThread, write: boolean): Body {
    const onCpu = k.onCpu(0);
    if (onCpu !== null) yield onCpu;
    const start = this.env.now;
    const wait = this.request(k, write);
    if (wait !== null) yield wait;
    this.acquired(k, start);
  }

  /**
   * Asks namespace_sem for `k`: null when the fast path granted it at once (the grant's line
   * operation left as debt), else the signal to wait for, with `k` spinning or asleep meanwhile.
   */
  request(k: KernelThread, write: boolean): Signal<unknown> | null {
    const w = this.holder(k);
    const before = this.sem.waiting;
    w.queued = false;
    w.spinning = false;
    w.grantedAtOnce = false;
    const s = k.gate();
    if (write) this.sem.acquireWrite(k.sync, w.onAcquired, w.onGranted);
    else this.sem.acquireRead(k.sync, w.onAcquired, w.onGranted);
    if (w.grantedAtOnce) return null;
    w.queued = this.sem.waiting > before;
    if (!w.queued) return s; // granted as an event (the line operation completes first)
    // rwsem_optimistic_spin: a writer spins (keeps its CPU, no wake-up latency) while the writer
    // that owns the semaphore is running on a CPU. It stops and sleeps as soon as the owner goes off
    // CPU (preempted or asleep), the semaphore passes to a thread that is not on a CPU or to readers,
    // or another thread needs its CPU (need_resched). Readers do not spin.
    w.spinning = write && this.sched.runnable === 0 && this.ownerOnCpu();
    if (w.spinning) {
      this.counters.optimisticSpins++;
      this.spinners.add(w);
      this.sched.spinYieldable(k.st, w.onNeedResched);
    } else this.sched.sleep(k.st);
    return s;
  }

  /** Books an acquisition asked for at `start`; woken by wakeThen, it holds it from the end of its context switch. */
  acquired(k: KernelThread, start: Ps): void {
    const w = this.holder(k);
    if (this.spinners.size > 0) this.spinners.delete(w);
    k.sync.cpu = k.st.cpu;
    const acquired = this.env.now + k.debt;
    w.acquiredAt = acquired;
    w.waitedPs = acquired - start;
  }

  writeUnlock(k: KernelThread): void {
    this.writeHoldPs += this.env.now - this.holder(k).acquiredAt;
    this.recordHold(k);
    this.sem.releaseWrite(k.sync);
    this.recheckSpinners();
  }

  readUnlock(k: KernelThread): void {
    this.recordHold(k);
    this.sem.releaseRead(k.sync);
    this.recheckSpinners();
  }

  /** Records a hold of `waitPs` wait and `holdPs` length (also for mountinfo's chunk runs). */
  record(waitPs: Ps, holdPs: Ps): void {
    recordHold(this.stats, waitPs, holdPs);
  }

  /** The wait and hold of the hold `k` ends now. */
  private recordHold(k: KernelThread): void {
    const w = this.holder(k);
    recordHold(this.stats, w.waitedPs, this.env.now - w.acquiredAt);
  }

  /** A thread's record, with its callbacks made once. */
  private holderFor(k: KernelThread): NsHolder {
    const w: NsHolder = {
      k,
      spinning: false,
      queued: false,
      grantedAtOnce: false,
      acquiredAt: 0,
      waitedPs: 0,
      // Granted as an event (at once, or when the semaphore was released while it queued).
      onAcquired: () => {
        if (w.queued && !w.spinning) this.sched.wakeThen(k.st, k.resumeAt);
        else k.resume();
      },
      onGranted: (_t, at) => {
        if (!w.queued) {
          // The fast path, inside acquire: the caller goes on at once, the grant's line operation
          // still to complete (debt for its next CPU step).
          w.grantedAtOnce = true;
          k.debt = at - this.env.now;
        } else if (w.spinning) this.env.callWith(at - this.env.now, w.onAcquired, null);
        // Granted by a release, effective at `at`: a sleeper's wake-up starts then.
        else this.sched.wakeThen(k.st, k.resumeAt, at - this.env.now);
      },
      onNeedResched: () => this.stopSpinning(w),
    };
    return w;
  }

  /** Whether namespace_sem is held by a writer that is on a CPU (running or spinning). */
  private ownerOnCpu(): boolean {
    const owner = this.sem.writer;
    const t = owner === null ? undefined : this.holders[owner.id]?.k.st;
    return t !== undefined && (t.state === 'running' || t.state === 'spinning');
  }

  private stopSpinning(w: NsHolder): void {
    if (!w.spinning) return;
    w.spinning = false;
    this.spinners.delete(w);
    this.counters.spinAborts++;
    this.sched.sleep(w.k.st);
  }

  /** The spinners' owner check (rwsem_spin_on_owner): keep spinning only behind a writer on a CPU. */
  private recheckSpinners(): void {
    if (this.spinners.size === 0) return;
    const owner = this.sem.writer;
    // Free and uncontended: the spinners' next cmpxchg will be granted through the queue; keep them.
    if (this.ownerOnCpu() || (owner === null && this.sem.readers === 0)) return;
    for (const w of [...this.spinners]) {
      if (owner === w.k.sync) continue; // granted while spinning: it is the owner now
      this.stopSpinning(w);
    }
  }
}
