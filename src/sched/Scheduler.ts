// CPUs and the software threads that compete for them. Each online hardware thread runs at most one
// software thread. A thread that has work and no CPU waits in the run queue; an idle CPU takes the
// oldest runnable thread (the work-conserving limit of Linux's load balancer: a runnable thread
// never waits while a CPU idles). A thread that runs longer than the time slice while others wait is
// preempted and goes to the back of the queue, unless it is inside a non-preemptible section (it
// holds a spinlock), in which case it is preempted as soon as it leaves it. A thread that spins
// keeps its CPU and does no work — unless it spins optimistically (`spinYieldable`): then it gives
// the CPU up as soon as a runnable thread waits for one (need_resched); a thread that sleeps gives
// its CPU up and needs the wake-up latency to run again. Lock-holder preemption is not programmed
// anywhere: it follows from these rules when a sleeping-lock holder's slice runs out while others
// wait.
//
// Parameters: the slice, the wake-up latency and the context switch, with their defaults, sources
// and ranges in SchedParams.ts.

import { type Ps, SimError } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import { DEFAULT_SCHED_PARAMS, type SchedParams } from './SchedParams.ts';

type State = 'idle' | 'runnable' | 'running' | 'spinning' | 'sleeping';

export class SchedThread {
  readonly id: number;
  readonly name: string;
  state: State = 'idle';
  cpu = -1;
  /** Work left in the current burst, and what to do when it is done. */
  remaining = 0;
  onDone: (() => void) | null = null;
  /** While `wakeThen` dispatches `t` onto a free CPU: book the switch, do not run it as a burst. */
  dispatchEarly = false;
  /** When such a dispatch happened: the time its context switch completes; else −1. */
  readyAt = -1;
  /** Inside non-preemptible sections (spinlocks held). */
  nonPreemptible = 0;
  preemptPending = false;
  /** When the current stretch on a CPU started, for slices and accounting. */
  since = 0;
  sliceStart = 0;
  /** Token that invalidates a scheduled burst completion when the burst is preempted. */
  token = 0;
  constructor(id: number, name: string) {
    this.id = id;
    this.name = name;
  }
}

export interface CpuTime {
  /** ps spent doing work, spinning, switching, over all CPUs. */
  readonly busyPs: number;
  readonly spinPs: number;
  readonly switchPs: number;
  readonly preemptions: number;
  readonly maxRunQueue: number;
}

export class Scheduler {
  readonly env: Environment;
  readonly params: SchedParams;
  readonly cpus: readonly number[];
  private readonly freeCpus: number[];
  private readonly runQueue: SchedThread[] = [];
  private runQueueHead = 0;
  private readonly threads: SchedThread[] = [];
  private busyPs = 0;
  private spinPs = 0;
  private switchPs = 0;
  private preemptions = 0;
  private maxRunQueue = 0;
  /**
   * Spinners that give their CPU up when another thread needs it (need_resched), oldest first, with
   * what to call to make them do so: a Linux rwsem writer spinning optimistically checks
   * need_resched() on every iteration and goes to sleep when it is set.
   */
  private readonly yieldable = new Map<SchedThread, () => void>();
  /** Called when a thread loses its CPU (preempted or asleep): lets a lock see its owner go off CPU. */
  onOffCpu: ((t: SchedThread) => void) | null = null;

  constructor(env: Environment, cpus: readonly number[], params: SchedParams = DEFAULT_SCHED_PARAMS) {
    if (cpus.length === 0) throw new SimError('a scheduler needs at least one CPU', { where: 'sched' });
    this.env = env;
    this.params = params;
    this.cpus = cpus;
    this.freeCpus = [...cpus].reverse();
  }

  thread(name: string): SchedThread {
    const t = new SchedThread(this.threads.length, name);
    this.threads.push(t);
    return t;
  }

  get runnable(): number {
    return this.runQueue.length - this.runQueueHead;
  }

  get idleCpus(): number {
    return this.freeCpus.length;
  }

  /** Runs `workPs` of CPU work for `t` (which must not be running a burst), then calls `onDone`. */
  run(t: SchedThread, workPs: Ps, onDone: () => void): void {
    if (t.onDone !== null) throw new SimError(`${t.name} asked to run while it runs a burst`, { where: 'sched' });
    if (this.yieldable.size > 0) this.yieldable.delete(t);
    if (t.state === 'running' || t.state === 'spinning') {
      // Close the books on the stretch before this burst first (it must not eat into the new work).
      this.account(t);
      t.remaining = workPs;
      t.onDone = onDone;
      t.state = 'running';
      // A preemption deferred while it held a spinlock happens now, between its bursts.
      if (t.preemptPending && t.nonPreemptible === 0) {
        t.preemptPending = false;
        if (this.runnable > 0) {
          this.preempt(t);
          return;
        }
      }
      this.startBurst(t);
      return;
    }
    t.remaining = workPs;
    t.onDone = onDone;
    this.makeRunnable(t);
  }

  /**
   * Fast path for a thread that already holds its CPU: if `workPs` fits in what is left of its slice
   * (so no preemption can fall inside it) and no deferred preemption is due, the work is booked as
   * running now and the caller simply waits `workPs` — no burst event. Returns false when the
   * thread must go through `run`.
   */
  /** The most work `runInline` would accept for `t` now (the rest of its slice), or −1 if none. */
  inlineBudget(t: SchedThread): Ps {
    if (t.onDone !== null || (t.state !== 'running' && t.state !== 'spinning')) return -1;
    if (t.preemptPending && t.nonPreemptible === 0 && this.runnable > 0) return -1;
    return t.sliceStart + this.params.slicePs - this.env.now;
  }

  runInline(t: SchedThread, workPs: Ps): boolean {
    if (workPs > this.inlineBudget(t)) return false;
    if (this.yieldable.size > 0) this.yieldable.delete(t);
    this.account(t);
    t.state = 'running';
    t.remaining = 0;
    return true;
  }

  /** `t` spins on its CPU (it must hold one: call from a burst's completion). */
  spin(t: SchedThread): void {
    if (t.cpu < 0) throw new SimError(`${t.name} spins without a CPU`, { where: 'sched' });
    if (this.yieldable.size > 0) this.yieldable.delete(t);
    this.account(t);
    t.state = 'spinning';
  }

  /**
   * `t` spins on its CPU until it is done or until another thread needs the CPU: then (at once, when
   * a thread becomes runnable and no CPU is free) `onNeedResched` is called, and it must put `t` to
   * sleep. The oldest such spinner yields first.
   */
  spinYieldable(t: SchedThread, onNeedResched: () => void): void {
    this.spin(t);
    this.yieldable.set(t, onNeedResched);
    if (this.runnable > 0) this.pokeSpinner();
  }

  /** `t` gives its CPU up and sleeps until `wake`. */
  sleep(t: SchedThread): void {
    if (t.onDone !== null) throw new SimError(`${t.name} sleeps in the middle of a burst`, { where: 'sched' });
    if (this.yieldable.size > 0) this.yieldable.delete(t);
    const had = t.cpu >= 0;
    if (had) {
      this.account(t);
      this.releaseCpu(t);
    }
    t.state = 'sleeping';
    if (had) this.onOffCpu?.(t);
  }

  /**
   * Wakes `t` `afterPs` from now (default: now): after the wake-up latency it runs `workPs` of work,
   * then `onDone`.
   */
  wake(t: SchedThread, workPs: Ps, onDone: () => void, afterPs: Ps = 0): void {
    this.env.callWith(afterPs + this.params.wakeupPs, () => this.run(t, workPs, onDone), null);
  }

  /**
   * Wakes `t` `afterPs` from now for a caller whose next step is CPU work: `onRunning(readyAt)` is
   * called as soon as `t` has a CPU, with the time its context switch completes, and the caller adds
   * that time to its next work (`run` or `runInline`). One event fewer than `wake(t, 0, …)`, which
   * calls back at `readyAt`. When the switch would not fit in the slice, it is a burst as with `wake`.
   */
  wakeThen(t: SchedThread, onRunning: (readyAt: Ps) => void, afterPs: Ps = 0): void {
    this.env.callWith(
      afterPs + this.params.wakeupPs,
      () => {
        // A free CPU takes it at once (dispatch books the switch); otherwise it queues, and the
        // switch runs as a burst when a CPU frees up. The callback comes after the scheduler's own
        // bookkeeping is done, never from inside it.
        t.dispatchEarly = true;
        this.run(t, 0, () => onRunning(this.env.now));
        t.dispatchEarly = false;
        const readyAt = t.readyAt;
        if (readyAt >= 0) {
          t.readyAt = -1;
          onRunning(readyAt);
        }
      },
      null,
    );
  }

  /** `t` is done with the CPU for now (it has nothing to run). */
  yieldCpu(t: SchedThread): void {
    if (this.yieldable.size > 0) this.yieldable.delete(t);
    if (t.cpu >= 0) {
      this.account(t);
      this.releaseCpu(t);
    }
    t.state = 'idle';
  }

  enterNonPreemptible(t: SchedThread): void {
    t.nonPreemptible++;
  }

  /** Leaves a non-preemptible section; a preemption it deferred happens at the thread's next burst. */
  leaveNonPreemptible(t: SchedThread): void {
    if (t.nonPreemptible <= 0)
      throw new SimError(`${t.name} leaves a non-preemptible section it is not in`, { where: 'sched' });
    t.nonPreemptible--;
  }

  /** Throws if a scheduling invariant is broken (tests call this after every event). */
  checkInvariants(): void {
    const held = new Set<number>();
    let onCpu = 0;
    for (const t of this.threads) {
      if (t.cpu < 0) continue;
      if (t.state !== 'running' && t.state !== 'spinning')
        throw new SimError(`${t.name} holds cpu ${t.cpu} while ${t.state}`, { where: 'sched' });
      if (held.has(t.cpu)) throw new SimError(`cpu ${t.cpu} runs two threads`, { where: 'sched' });
      held.add(t.cpu);
      onCpu++;
    }
    if (onCpu + this.freeCpus.length !== this.cpus.length)
      throw new SimError(`${onCpu} cpus in use + ${this.freeCpus.length} free ≠ ${this.cpus.length}`, {
        where: 'sched',
      });
    let waiting = 0;
    for (let i = this.runQueueHead; i < this.runQueue.length; i++) {
      const t = this.runQueue[i] as SchedThread;
      if (t.state === 'runnable' && t.cpu < 0) waiting++;
    }
    if (waiting > 0 && this.freeCpus.length > 0)
      throw new SimError(`${waiting} runnable threads wait while ${this.freeCpus.length} cpus idle`, {
        where: 'sched',
      });
    if (waiting > 0 && this.yieldable.size > 0)
      throw new SimError(`${waiting} runnable threads wait while ${this.yieldable.size} yieldable spinners hold cpus`, {
        where: 'sched',
      });
    for (const t of this.yieldable.keys())
      if (t.state !== 'spinning' || t.cpu < 0)
        throw new SimError(`${t.name} is a yieldable spinner while ${t.state}`, { where: 'sched' });
  }

  cpuTime(): CpuTime {
    for (const t of this.threads) if (t.cpu >= 0) this.account(t);
    return {
      busyPs: this.busyPs,
      spinPs: this.spinPs,
      switchPs: this.switchPs,
      preemptions: this.preemptions,
      maxRunQueue: this.maxRunQueue,
    };
  }

  private makeRunnable(t: SchedThread): void {
    t.state = 'runnable';
    const cpu = this.freeCpus.pop();
    if (cpu !== undefined) {
      this.dispatch(t, cpu);
      return;
    }
    this.runQueue.push(t);
    if (this.runnable > this.maxRunQueue) this.maxRunQueue = this.runnable;
    if (this.yieldable.size > 0) this.pokeSpinner();
  }

  /** need_resched on the oldest yieldable spinner: it gives its CPU to the run queue's head. */
  private pokeSpinner(): void {
    for (const [s, onNeedResched] of this.yieldable) {
      this.yieldable.delete(s);
      onNeedResched();
      if (s.cpu >= 0) throw new SimError(`${s.name} kept its CPU after need_resched`, { where: 'sched' });
      return;
    }
  }

  private dispatch(t: SchedThread, cpu: number): void {
    t.cpu = cpu;
    t.state = 'running';
    t.since = this.env.now;
    t.sliceStart = this.env.now;
    // A context switch is paid before the work resumes.
    t.remaining += this.params.contextSwitchPs;
    this.switchPs += this.params.contextSwitchPs;
    this.busyPs -= this.params.contextSwitchPs;
    if (t.dispatchEarly && t.remaining <= this.params.slicePs) {
      // wakeThen onto a free CPU: the thread holds it with the switch booked as running (its
      // `remaining`); the caller's next work starts when the switch completes.
      t.onDone = null;
      t.readyAt = this.env.now + t.remaining;
      return;
    }
    this.startBurst(t);
  }

  private startBurst(t: SchedThread): void {
    const token = ++t.token;
    const sliceLeft = Math.max(0, t.sliceStart + this.params.slicePs - this.env.now);
    if (t.remaining <= sliceLeft) {
      this.env.callWith(t.remaining, this.burstDone, { t, token });
    } else {
      this.env.callWith(sliceLeft, this.sliceEnd, { t, token });
    }
  }

  private readonly burstDone = (e: { t: SchedThread; token: number }): void => {
    const t = e.t;
    if (t.token !== e.token || t.state !== 'running') return;
    this.account(t);
    t.remaining = 0;
    const done = t.onDone;
    t.onDone = null;
    // The thread keeps its CPU while its continuation decides what comes next.
    // It keeps its CPU until its continuation runs, spins, sleeps or yields (at this same instant).
    done?.();
  };

  private readonly sliceEnd = (e: { t: SchedThread; token: number }): void => {
    const t = e.t;
    if (t.token !== e.token || t.state !== 'running') return;
    this.account(t);
    if (this.runnable === 0) {
      t.sliceStart = this.env.now;
      this.startBurst(t);
      return;
    }
    if (t.nonPreemptible > 0) {
      t.preemptPending = true;
      t.sliceStart = this.env.now;
      this.startBurst(t);
      return;
    }
    this.preempt(t);
  };

  private preempt(t: SchedThread): void {
    this.account(t);
    this.preemptions++;
    t.token++;
    this.releaseCpu(t);
    t.state = 'runnable';
    this.runQueue.push(t);
    if (this.runnable > this.maxRunQueue) this.maxRunQueue = this.runnable;
    this.onOffCpu?.(t);
    if (this.yieldable.size > 0 && this.runnable > 0) this.pokeSpinner();
  }

  /** Adds the time since `t.since` to the right account and, for running threads, to its progress. */
  private account(t: SchedThread): void {
    const dt = this.env.now - t.since;
    t.since = this.env.now;
    if (dt <= 0) return;
    if (t.state === 'running') {
      this.busyPs += dt;
      t.remaining = Math.max(0, t.remaining - dt);
    } else if (t.state === 'spinning') this.spinPs += dt;
  }

  private releaseCpu(t: SchedThread): void {
    const cpu = t.cpu;
    t.cpu = -1;
    while (this.runnable > 0) {
      const next = this.runQueue[this.runQueueHead++] as SchedThread;
      if (this.runQueueHead > 1024 && this.runQueueHead * 2 > this.runQueue.length) {
        this.runQueue.splice(0, this.runQueueHead);
        this.runQueueHead = 0;
      }
      if (next.state !== 'runnable' || next.cpu >= 0) continue; // a stale entry
      this.dispatch(next, cpu);
      return;
    }
    this.freeCpus.push(cpu);
  }
}
