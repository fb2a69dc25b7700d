// The waiters spinning on one line: each holds a shared copy and costs nothing until a write
// invalidates it; then it re-reads at its next poll (a uniformly random point of its PAUSE after the
// write completes), an event at that arrival time, so the re-reads reach the serialization point in
// arrival order with every other request. Line.ts makes the reads; this file keeps the list.

import type { Ps } from '../core/index.ts';
import type { Coherence } from './Coherence.ts';

/** A waiter spinning on a line until its predicate holds. */
export interface Spinner {
  readonly cpu: number;
  readonly field: number;
  /** Called with each value the spinner reads; `spinner.target` parameterises shared predicates. */
  readonly predicate: (value: number, spinner: Spinner) => boolean;
  readonly onSatisfied: (spinner: Spinner) => void;
  /** The caller's own data (e.g. its thread), so that callbacks need no closure. */
  readonly ctx: unknown;
  readonly target: number;
  /** When the spin started. */
  readonly startPs: Ps;
  /** Set when satisfied: the value observed, when the observing read completed, and its linearisation order. */
  observed: number;
  observedAtPs: Ps;
  observedSeq: number;
  /** Re-reads this spinner made. */
  rereads: number;
  active: boolean;
  /** Internal: a re-read is scheduled; position in the line's spinner list. */
  rereadPending: boolean;
  slot: number;
}

/** A spinner that has not read yet. */
export function newSpinner(
  cpu: number,
  startPs: Ps,
  field: number,
  predicate: (value: number, spinner: Spinner) => boolean,
  onSatisfied: (spinner: Spinner) => void,
  ctx: unknown,
  target: number,
): Spinner {
  return {
    cpu,
    field,
    predicate,
    onSatisfied,
    ctx,
    target,
    startPs,
    observed: 0,
    observedAtPs: 0,
    observedSeq: 0,
    rereads: 0,
    active: true,
    rereadPending: false,
    slot: -1,
  };
}

/** A line's spinners, in an order kept by swap-with-last removal (each knows its slot). */
export class SpinnerList {
  private readonly list: Spinner[] = [];

  get count(): number {
    return this.list.length;
  }

  add(spinner: Spinner): void {
    spinner.slot = this.list.length;
    this.list.push(spinner);
  }

  /** Takes `spinner` out (no effect if it is not in the list). */
  remove(spinner: Spinner): void {
    const list = this.list;
    const i = spinner.slot;
    if (i < 0 || list[i] !== spinner) return;
    const last = list.pop() as Spinner;
    if (last !== spinner) {
      list[i] = last;
      last.slot = i;
    }
    spinner.slot = -1;
  }

  /**
   * A write that completes at `done` invalidated every copy: each spinner without a re-read already
   * scheduled (that one will see the newest value) schedules `reread` at its next poll.
   */
  invalidated(fabric: Coherence, done: Ps, reread: (spinner: Spinner) => void): void {
    const list = this.list;
    const env = fabric.env;
    for (let i = 0, n = list.length; i < n; i++) {
      const spinner = list[i] as Spinner;
      if (spinner.rereadPending) continue;
      spinner.rereadPending = true;
      env.callWith(Math.max(0, done - env.now) + fabric.pausePhase(), reread, spinner);
    }
  }
}
