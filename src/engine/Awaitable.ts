// Something a process can wait for. It is pending, then triggered (its outcome fixed and its firing
// scheduled), then processed (its waiters resumed). Like SimPy's Event: a failure nobody waits for is
// re-raised by the environment, so errors are never silently dropped.

/** Lifecycle states. */
export const PENDING = 0;
export const TRIGGERED = 1;
export const PROCESSED = 2;

/**
 * Anything that can be woken by an Awaitable: a process or a condition. `token` is the value the
 * waiter gave when it registered; a waiter that has since moved on (cancelled, interrupted, resolved)
 * compares it with its current token and ignores the wake. Returns whether the wake was taken.
 */
export interface Waiter {
  _wake(source: Awaitable<unknown>, token: number): boolean;
}

/** The part of the environment an Awaitable needs: scheduling its own firing now. */
export interface FireScheduler {
  readonly now: number;
  /** The process whose generator is running, or null (in a callback). */
  readonly activeProcess: unknown;
  _scheduleFire(target: Awaitable<unknown>, delay: number): void;
}

export abstract class Awaitable<T = unknown> {
  readonly name: string;
  /** @internal */ _state: number = PENDING;
  /** @internal */ _ok = true;
  /** @internal */ _value: unknown = undefined;
  // Waiters and the tokens they registered with, in registration order (FIFO wake-up). The first is
  // held in fields: most Awaitables have exactly one waiter, and this saves two arrays per wait.
  /** @internal */ _firstWaiter: Waiter | null = null;
  /** @internal */ _firstToken = 0;
  /** @internal */ _waiters: Waiter[] | null = null;
  /** @internal */ _waiterTokens: number[] | null = null;
  protected readonly scheduler: FireScheduler;

  protected constructor(scheduler: FireScheduler, name: string) {
    this.scheduler = scheduler;
    this.name = name;
  }

  /** True once the outcome is fixed (it may not have been processed yet). */
  get triggered(): boolean {
    return this._state !== PENDING;
  }

  /** True once waiters have been resumed. */
  get processed(): boolean {
    return this._state === PROCESSED;
  }

  /** True when triggered successfully. */
  get ok(): boolean {
    return this._state !== PENDING && this._ok;
  }

  /** The value it succeeded with. Throws while pending, and rethrows the error when it failed. */
  get value(): T {
    if (this._state === PENDING) throw new Error(`"${this.name}" has no value yet: it is pending`);
    if (!this._ok) throw this._value;
    return this._value as T;
  }

  /** @internal Registers a waiter to be woken when this is processed. */
  _addWaiter(waiter: Waiter, token: number): void {
    if (this._firstWaiter === null) {
      this._firstWaiter = waiter;
      this._firstToken = token;
    } else if (this._waiters === null) {
      this._waiters = [waiter];
      this._waiterTokens = [token];
    } else {
      this._waiters.push(waiter);
      (this._waiterTokens as number[]).push(token);
    }
  }

  /** @internal Fixes the outcome and schedules processing `delay` ps from now. */
  protected _trigger(ok: boolean, value: unknown, delay = 0): void {
    if (this._state !== PENDING) throw new Error(`"${this.name}" was already triggered`);
    this._state = TRIGGERED;
    this._ok = ok;
    this._value = value;
    this.scheduler._scheduleFire(this, delay);
  }

  /**
   * @internal Called by the environment when the firing entry is popped: marks it processed and wakes
   * the waiters in the order they registered. Returns false when it failed and no waiter took it.
   */
  _fire(): boolean {
    this._state = PROCESSED;
    const first = this._firstWaiter;
    if (first === null) return this._ok;
    const waiters = this._waiters;
    const tokens = this._waiterTokens;
    this._firstWaiter = null;
    this._waiters = null;
    this._waiterTokens = null;
    let taken = first._wake(this, this._firstToken) ? 1 : 0;
    if (waiters !== null && tokens !== null) {
      for (let i = 0; i < waiters.length; i++) {
        if ((waiters[i] as Waiter)._wake(this, tokens[i] as number)) taken++;
      }
    }
    return this._ok || taken > 0;
  }
}

/** A one-shot event that model code triggers: `succeed(value)` or `fail(error)`. */
export class Signal<T = unknown> extends Awaitable<T> {
  constructor(scheduler: FireScheduler, name = 'signal') {
    super(scheduler, name);
  }

  /** Succeeds with `value`; waiters resume at the current time, in the order they started waiting. */
  succeed(value?: T): this {
    this._trigger(true, value);
    return this;
  }

  /**
   * Succeeds with `value` and, when no process is running (it is called from a callback event),
   * resumes the waiters at once, inside the current event, instead of in an event of their own after
   * the others due now. Inside a process it is `succeed`. For hot paths where a callback only hands
   * a result to the process waiting for it: one event instead of two.
   */
  succeedNow(value?: T): this {
    if (this.scheduler.activeProcess !== null || this._state !== PENDING) return this.succeed(value);
    this._state = TRIGGERED;
    this._ok = true;
    this._value = value;
    this._fire();
    return this;
  }

  /**
   * Makes a processed signal pending again, for the next wait: a hot model path can keep one signal
   * per thread instead of allocating one per wait. Only a processed signal can be re-armed (its
   * waiters have all been resumed).
   */
  rearm(): this {
    if (this._state !== PROCESSED) throw new Error(`"${this.name}" cannot be re-armed before it has been processed`);
    this._state = PENDING;
    this._ok = true;
    this._value = undefined;
    return this;
  }

  /** Fails with `error`; each waiter gets it thrown into it. Unhandled, it stops the run. */
  fail(error: unknown): this {
    this._trigger(false, error);
    return this;
  }
}

/** Succeeds with `value` after a delay. `cancel()` before it fires and no waiter ever resumes. */
export class Timeout<T = undefined> extends Awaitable<T> {
  private cancelled = false;

  constructor(scheduler: FireScheduler, delay: number, value: T, name = 'timeout') {
    super(scheduler, name);
    this._trigger(true, value, delay);
  }

  /** Withdraws the timeout: its waiters are never resumed by it. No effect once processed. */
  cancel(): void {
    if (this._state !== PROCESSED) this.cancelled = true;
  }

  override _fire(): boolean {
    if (this.cancelled) {
      this._state = PROCESSED;
      this._firstWaiter = null;
      this._waiters = null;
      this._waiterTokens = null;
      return true;
    }
    return super._fire();
  }
}
