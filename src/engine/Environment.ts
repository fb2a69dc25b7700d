// The DES kernel: a clock, the pending-event set and the loop that pops events in
// (time, priority, insertion) order. It knows time, events and processes — nothing of CPUs or locks.
//
// Hot path: a process that yields a delay costs one queue push and one pop, with no allocation; the
// payload (what to do when the entry comes due) is a small integer kind plus a target and a token.

import { assertPs, SimError } from '../core/index.ts';
import { type Awaitable, Signal, Timeout } from './Awaitable.ts';
import { Condition } from './Condition.ts';
import { EventQueue, MAX_PRIORITY } from './EventQueue.ts';
import { Process, type ProcessBody } from './Process.ts';

/** Ties at the same time: urgent entries (process start, interrupts) run before normal ones. */
export const URGENT = 0;
export const NORMAL = 1;

// Entry kinds.
const RESUME = 0; // resume a process after a delay, if its wait is still current
const WAKE = 1; // resume a process with the outcome of an already-processed Awaitable
const FIRE = 2; // process an Awaitable: wake its waiters
const CALL = 3; // call a plain function
const THROW = 4; // throw an error (an Interrupt) into a process

const KIND_NAMES = ['resume', 'wake', 'fire', 'call', 'throw'] as const;

/** One processed event, as the tracer sees it. */
export interface TraceEntry {
  readonly timePs: number;
  readonly priority: number;
  readonly sequence: number;
  readonly kind: (typeof KIND_NAMES)[number];
  /** Name of the process, Awaitable or callback. */
  readonly name: string;
}

export class Environment {
  /** Current simulated time, integer picoseconds. */
  now = 0;
  /** Events that came due and did something (stale, cancelled entries are not counted). */
  eventsProcessed = 0;
  /** The process whose generator is running, or null. */
  activeProcess: Process<unknown> | null = null;
  /** Called for every processed event when set; for tests and debugging (slows the run). */
  tracer: ((entry: TraceEntry) => void) | null = null;

  private readonly queue: EventQueue;
  private processCount = 0;

  constructor(options: { initialCapacity?: number } = {}) {
    this.queue = new EventQueue(options.initialCapacity ?? 1024);
  }

  /** Starts a process at the current time (before normal events at this time). */
  process<R>(body: ProcessBody<R>, name?: string): Process<R> {
    const process = new Process<R>(this, body, name ?? `process-${this.processCount}`);
    this.processCount++;
    this.queue.push(this.now, URGENT, RESUME, process, undefined, process._token);
    return process;
  }

  /** A one-shot signal for model code to trigger. */
  signal<T = unknown>(name?: string): Signal<T> {
    return new Signal<T>(this, name);
  }

  /** An Awaitable that succeeds with `value` after `delay` ps; cancellable. */
  timeout<T = undefined>(delay: number, value?: T, name?: string): Timeout<T> {
    return new Timeout<T>(this, delay, value as T, name);
  }

  /** Resolves with the first of `children` to be processed (the Awaitable itself), or fails with it. */
  anyOf(children: readonly Awaitable<unknown>[]): Condition<Awaitable<unknown>> {
    return new Condition<Awaitable<unknown>>(this, children, false);
  }

  /** Resolves with the values of all `children`, in order, once all succeeded; fails on the first failure. */
  allOf(children: readonly Awaitable<unknown>[]): Condition<unknown[]> {
    return new Condition<unknown[]>(this, children, true);
  }

  /** Calls `callback` after `delay` ps. */
  schedule(delay: number, callback: () => void, priority = NORMAL): void {
    if (!(priority >= 0 && priority <= MAX_PRIORITY && Number.isInteger(priority))) {
      throw new SimError(`priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`, { where: 'engine' });
    }
    this.queue.push(this.at(delay, 'callback delay'), priority, CALL, callback, undefined, 0);
  }

  /**
   * Calls `callback(arg)` after `delay` ps. Model code that wakes many entities passes the entity as
   * `arg` and one shared function, so no closure is allocated per event.
   */
  callWith<T>(delay: number, callback: (arg: T) => void, arg: T, priority = NORMAL): void {
    if (!(priority >= 0 && priority <= MAX_PRIORITY && Number.isInteger(priority))) {
      throw new SimError(`priority must be an integer in [0, ${MAX_PRIORITY}], got ${priority}`, { where: 'engine' });
    }
    this.queue.push(this.at(delay, 'callback delay'), priority, CALL, callback, arg, 0);
  }

  /** Time of the next event, or `Infinity` when none is pending. */
  peek(): number {
    return this.queue.peekTime();
  }

  /** Number of pending queue entries (including ones that will turn out stale). */
  get pending(): number {
    return this.queue.size;
  }

  /** Processes the next entry. Returns false when there was none. */
  step(): boolean {
    const queue = this.queue;
    if (queue.size === 0) return false;
    const slot = queue.pop();
    this.now = queue.poppedTime;
    const kind = queue.kind[slot] as number;
    const target = queue.target[slot];
    if (kind === RESUME) {
      // The hot path: a process whose delay ran out.
      const process = target as Process<unknown>;
      if (process._token === (queue.token[slot] as number)) {
        queue.release(slot);
        this.eventsProcessed++;
        if (this.tracer !== null) this.trace(kind, process);
        process._step(undefined, false);
      } else {
        queue.release(slot);
      }
      return true;
    }
    const value = queue.value[slot];
    const token = queue.token[slot] as number;
    queue.release(slot);
    switch (kind) {
      case WAKE: {
        const process = target as Process<unknown>;
        if (process._token !== token) return true;
        this.count(kind, process);
        process._wake(value as Awaitable<unknown>, token);
        return true;
      }
      case FIRE: {
        const awaitable = target as Awaitable<unknown>;
        this.count(kind, awaitable);
        if (!awaitable._fire()) this.unhandled(awaitable);
        return true;
      }
      case CALL: {
        const callback = target as (arg: unknown) => void;
        this.count(kind, callback);
        callback(value);
        return true;
      }
      default: {
        const process = target as Process<unknown>;
        if (!process.isAlive) return true;
        this.count(kind, process);
        process._step(value, true);
        return true;
      }
    }
  }

  /**
   * Runs until no event is left, until simulated time `until` (events strictly before it are
   * processed, then the clock is set to `until`), or until an Awaitable has been processed (returns
   * its value, rethrows its failure).
   */
  run(until?: number | Awaitable<unknown>): unknown {
    if (until === undefined) {
      while (this.step()) {
        // keep stepping
      }
      return undefined;
    }
    if (typeof until === 'number') {
      assertPs(until, 'run until');
      if (until < this.now) {
        throw new SimError(`cannot run until ${until} ps: the clock is already at ${this.now} ps`, { where: 'engine' });
      }
      const queue = this.queue;
      while (queue.size > 0 && queue.peekTime() < until) this.step();
      this.now = until;
      return undefined;
    }
    while (!until.processed) {
      if (!this.step()) {
        throw new SimError(`no events left, but "${until.name}" was never processed`, {
          where: 'engine',
          timePs: this.now,
        });
      }
    }
    return until.value;
  }

  /** @internal */
  _scheduleResume(process: Process<unknown>, delay: number, token: number): void {
    const time = this.now + delay;
    if (!(delay >= 0) || !Number.isSafeInteger(time)) this.badDelay(delay, process.name);
    this.queue.push(time, NORMAL, RESUME, process, undefined, token);
  }

  /** @internal */
  _scheduleWake(process: Process<unknown>, source: Awaitable<unknown>, token: number): void {
    this.queue.push(this.now, NORMAL, WAKE, process, source, token);
  }

  /** @internal */
  _scheduleThrow(process: Process<unknown>, error: unknown): void {
    this.queue.push(this.now, URGENT, THROW, process, error, 0);
  }

  /** @internal */
  _scheduleFire(target: Awaitable<unknown>, delay: number): void {
    const time = this.now + delay;
    if (!(delay >= 0) || !Number.isSafeInteger(time)) this.badDelay(delay, `delay of "${target.name}"`);
    this.queue.push(time, NORMAL, FIRE, target, undefined, 0);
  }

  private at(delay: number, what: string): number {
    const time = this.now + delay;
    if (!(delay >= 0) || !Number.isSafeInteger(time)) this.badDelay(delay, what);
    return time;
  }

  private count(kind: number, target: unknown): void {
    this.eventsProcessed++;
    if (this.tracer !== null) this.trace(kind, target);
  }

  private trace(kind: number, target: unknown): void {
    if (this.tracer !== null) {
      // Names are looked up only here: Function#name is a slow getter on the hot path.
      const name = typeof target === 'function' ? target.name || 'callback' : (target as { name: string }).name;
      const key = this.queue.poppedKey;
      this.tracer({
        timePs: this.now,
        priority: EventQueue.priorityOf(key),
        sequence: EventQueue.sequenceOf(key),
        kind: KIND_NAMES[kind] ?? 'throw',
        name,
      });
    }
  }

  private badDelay(delay: number, what: string): never {
    throw new SimError(
      `${what}: a delay must be a non-negative integer number of picoseconds that keeps the clock within 2^53 ps, got ${delay}`,
      { where: 'engine', timePs: this.now },
    );
  }

  private unhandled(awaitable: Awaitable<unknown>): never {
    const error = awaitable._value;
    const message = error instanceof Error ? error.message : String(error);
    if (awaitable instanceof Process) {
      throw new SimError(
        `failed: ${message}`,
        { where: 'engine', timePs: this.now, process: awaitable.name },
        { cause: error },
      );
    }
    throw new SimError(
      `"${awaitable.name}" failed and nobody waited for it: ${message}`,
      { where: 'engine', timePs: this.now },
      { cause: error },
    );
  }
}
