// Waiting for several things at once: AnyOf resolves with the first child to be processed (the
// timeout-or-lock pattern), AllOf with every child's value. Once resolved a condition stops listening,
// so a late child never resumes whoever waited on the condition.

import { Awaitable, type FireScheduler, PENDING, PROCESSED, type Waiter } from './Awaitable.ts';

export class Condition<T> extends Awaitable<T> implements Waiter {
  private readonly children: readonly Awaitable<unknown>[];
  private readonly needAll: boolean;
  private done = 0;

  constructor(scheduler: FireScheduler, children: readonly Awaitable<unknown>[], needAll: boolean) {
    super(scheduler, needAll ? 'allOf' : 'anyOf');
    this.children = children;
    this.needAll = needAll;
    if (children.length === 0) {
      this._trigger(true, needAll ? [] : undefined);
      return;
    }
    for (const child of children) {
      if (this._state !== PENDING) break;
      if (child._state === PROCESSED) this._wake(child, 0);
      else child._addWaiter(this, 0);
    }
  }

  /** @internal */
  _wake(source: Awaitable<unknown>, _token: number): boolean {
    if (this._state !== PENDING) return false;
    if (!source._ok) {
      this._trigger(false, source._value);
    } else if (!this.needAll) {
      this._trigger(true, source);
    } else if (++this.done === this.children.length) {
      this._trigger(
        true,
        this.children.map((child) => child._value),
      );
    }
    return true;
  }
}
