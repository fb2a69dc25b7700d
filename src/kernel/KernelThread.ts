// A kernel-side execution context and its runtime: a scheduled thread (CPU time, spinning, sleeping)
// with its identity for the locks, the one re-armed signal every wait of its process uses (its gate),
// and the debt of CPU time a step that resumed it early left for its next step.
//
// Syscalls are generators that yield what they wait for: a number (CPU time while the thread holds
// its CPU and the work fits in its slice: no scheduler event) or the thread's gate (opened by a
// callback: a burst done on the CPU, a lock granted, a grace period over). Every callback that opens
// the gate is bound once per thread, so a wait allocates nothing.

import type { Ps } from '../core/index.ts';
import { type Environment, Signal } from '../engine/index.ts';
import type { Scheduler, SchedThread } from '../sched/index.ts';
import type { SyncThread } from '../sync/index.ts';

export type Body = Generator<Signal<unknown> | number, void, unknown>;

export class KernelThread {
  readonly st: SchedThread;
  readonly sync: SyncThread;
  /**
   * Time the thread still spends on its CPU finishing a step that resumed it early (a syscall's path
   * lookup returns when its checking read is issued; a lock granted by the fast path returns before
   * its line operation completes): its next CPU step starts with it.
   */
  debt: Ps = 0;
  /** Resumes the thread's process. */
  readonly resume: () => void;
  /** A burst of CPU work is done: the lock identity follows the CPU the scheduler ran it on. */
  readonly burstDone: () => void;
  /** Resumes the thread now, its next CPU step starting with the time until `readyAt`. */
  readonly resumeAt: (readyAt: Ps) => void;
  /** Wakes the sleeping thread (after the scheduler's wake-up latency) and resumes it on a CPU. */
  readonly wakeUp: () => void;
  private readonly sched: Scheduler;
  private readonly signal: Signal<unknown>;

  constructor(env: Environment, sched: Scheduler, st: SchedThread, sync: SyncThread) {
    this.sched = sched;
    this.st = st;
    this.sync = sync;
    const signal = new Signal<unknown>(env, `${sync.name} wait`);
    this.signal = signal;
    this.resume = () => signal.succeedNow();
    this.burstDone = () => {
      sync.cpu = st.cpu;
      signal.succeedNow();
    };
    this.resumeAt = (readyAt) => {
      this.debt = readyAt - env.now;
      signal.succeedNow();
    };
    this.wakeUp = () => sched.wake(st, 0, this.resume);
  }

  get name(): string {
    return this.sync.name;
  }

  /** The thread's signal, pending, for its next wait. */
  gate(): Signal<unknown> {
    const g = this.signal;
    return g.processed ? g.rearm() : g;
  }

  /**
   * What the process yields to run `work` ps on a CPU (the debt first), or null when there is nothing
   * to wait for (no work, and the thread holds its CPU). Hot paths call it directly: `yield* cpu(…)`
   * costs a generator object per call.
   */
  onCpu(work: Ps): number | Signal<unknown> | null {
    const owed = this.debt;
    if (owed > 0) this.debt = 0;
    const ps = Math.max(0, Math.round(work)) + owed;
    if (this.sched.runInline(this.st, ps)) {
      // The thread holds its CPU and the work fits in its slice: wait it out without a burst event.
      return ps > 0 ? ps : null;
    }
    const s = this.gate();
    this.sched.run(this.st, ps, this.burstDone);
    return s;
  }

  /** Runs `work` ps on a CPU. */
  *cpu(work: Ps): Body {
    const w = this.onCpu(work);
    if (w !== null) yield w;
  }
}
