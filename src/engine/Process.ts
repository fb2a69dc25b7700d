// A simulated process: a synchronous generator that yields what it waits for and resumes with its
// value. A process is itself an Awaitable, so processes wait on processes.
//
// Cancellation works by tokens, not by searching queues: every wait a process starts gets a fresh
// token, and an entry or a waiter registration whose token is stale is ignored when it comes due.

import { Awaitable, PENDING, TRIGGERED, type Waiter } from './Awaitable.ts';

/**
 * What a process may yield: a delay in integer picoseconds, or an Awaitable (signal, timeout,
 * process, any-of / all-of condition). It resumes with the delay's `undefined` or the Awaitable's value.
 */
export type Yieldable = number | Awaitable<unknown>;

/** The body of a process: `function* (): ProcessBody<R> { … }`. */
export type ProcessBody<R = void> = Generator<Yieldable, R, unknown>;

/** Raised inside a process by `interrupt(cause)`. */
export class Interrupt extends Error {
  override readonly name: string = 'Interrupt';
  override readonly cause: unknown;
  constructor(cause: unknown) {
    super(`interrupted${cause === undefined ? '' : `: ${String(cause)}`}`);
    this.cause = cause;
  }
}

/** What a process needs from the environment. */
export interface ProcessHost {
  readonly now: number;
  activeProcess: Process<unknown> | null;
  _scheduleFire(target: Awaitable<unknown>, delay: number): void;
  _scheduleResume(process: Process<unknown>, delay: number, token: number): void;
  _scheduleWake(process: Process<unknown>, source: Awaitable<unknown>, token: number): void;
  _scheduleThrow(process: Process<unknown>, error: unknown): void;
}

export class Process<R = unknown> extends Awaitable<R> implements Waiter {
  /** @internal The token of the current wait. */
  _token = 0;
  private readonly generator: ProcessBody<R>;
  private readonly host: ProcessHost;

  constructor(host: ProcessHost, generator: ProcessBody<R>, name: string) {
    super(host, name);
    this.host = host;
    this.generator = generator;
  }

  /** True until the generator returns or throws. */
  get isAlive(): boolean {
    return this._state === PENDING;
  }

  /**
   * Throws an `Interrupt` carrying `cause` into the process at the current time. The wait it was in
   * is cancelled at once: whatever it waited for will not resume it.
   */
  interrupt(cause?: unknown): void {
    if (this._state !== PENDING) throw new Error(`cannot interrupt "${this.name}": it has finished`);
    if (this.host.activeProcess === this) throw new Error(`process "${this.name}" cannot interrupt itself`);
    this._token = (this._token + 1) | 0;
    this.host._scheduleThrow(this, new Interrupt(cause));
  }

  /** @internal Woken by an Awaitable it waited on. */
  _wake(source: Awaitable<unknown>, token: number): boolean {
    if (token !== this._token || this._state !== PENDING) return false;
    this._step(source._value, !source._ok);
    return true;
  }

  /** @internal Runs the generator to its next yield and starts that wait. */
  _step(input: unknown, isError: boolean): void {
    const host = this.host;
    host.activeProcess = this;
    let result: IteratorResult<Yieldable, R>;
    try {
      result = isError ? this.generator.throw(input) : this.generator.next(input);
    } catch (error) {
      host.activeProcess = null;
      this._token = (this._token + 1) | 0;
      this._trigger(false, error);
      return;
    }
    host.activeProcess = null;
    const token = (this._token + 1) | 0;
    this._token = token;
    if (result.done === true) {
      this._trigger(true, result.value);
      return;
    }
    const awaited = result.value;
    if (typeof awaited === 'number') {
      host._scheduleResume(this, awaited, token);
    } else if (awaited instanceof Awaitable) {
      if (awaited._state === PENDING || awaited._state === TRIGGERED) awaited._addWaiter(this, token);
      else host._scheduleWake(this, awaited, token);
    } else {
      // A programming error in the model: fail the process loudly with what it yielded.
      this._step(
        new TypeError(`process "${this.name}" yielded ${String(awaited)}; expected a delay in ps or an Awaitable`),
        true,
      );
    }
  }
}
