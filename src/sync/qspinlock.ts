// Linux queued spinlock (kernel/locking/qspinlock.c, queued_spin_lock_slowpath): one 32-bit word
// holding a locked byte, a pending bit and an MCS tail. Uncontended: one CAS. One waiter: it sets
// the pending bit and spins on the word (no queue node). More: waiters queue on per-thread MCS nodes;
// the queue head spins on the word until locked and pending clear, takes the lock (a CAS that also
// clears the tail when it is last, else a byte store), then passes queue headship to its successor
// by one write to that successor's node. Release is a byte store of 0 to the locked byte.
//
// The word is modelled as one number: locked = 1, pending = 256, tail = (thread id + 1) · 65536.
// The word can be given (a field of another line: seqlock's `lock` next to its count).

import type { Ps } from '../core/index.ts';
import type { Line, Spinner } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import { QueueNodes } from './queueNodes.ts';
import {
  assertHolder,
  differsFromTarget,
  equalsTarget,
  type ExclusiveLock,
  type LockDescriptor,
  maskClear,
  type SyncContext,
  type SyncThread,
  type WordLocation,
} from './types.ts';

export const QSPINLOCK: LockDescriptor = {
  name: 'qspinlock',
  summary: 'Linux qspinlock: locked byte + pending bit + MCS tail in one word (FIFO among queued waiters)',
  source: 'Linux kernel/locking/qspinlock.c (queued_spin_lock_slowpath), Waiman Long & Peter Zijlstra, 2015–',
  kind: 'exclusive',
  fairness: 'fifo',
  params: [],
  stats: ['acquisitions', 'fastPath', 'pendingPath', 'queued'],
};

export const LOCKED = 1;
export const PENDING = 256;
export const TAIL_UNIT = 65536;
const LOCKED_PENDING = LOCKED | PENDING;
const NODE_LOCKED = 0;
const NODE_NEXT = 1;
const NONE = -1;

const tailOf = (v: number): number => Math.floor(v / TAIL_UNIT);
// Word updates, hoisted so that no closure is allocated per operation.
const setPending = (v: number): number => v | PENDING;
const clearPending = (v: number): number => v & ~PENDING;
const pendingToLocked = (v: number): number => v - PENDING + LOCKED;
const setLocked = (v: number): number => v | LOCKED;
const clearLocked = (v: number): number => v & ~LOCKED;
const lowOf = (v: number): number => v % TAIL_UNIT;

export class QspinLock implements ExclusiveLock {
  readonly descriptor: ExclusiveLock['descriptor'] = QSPINLOCK;
  readonly name: string;
  holder: SyncThread | null = null;
  readonly stats = { acquisitions: 0, fastPath: 0, pendingPath: 0, queued: 0 };
  protected readonly ctx: SyncContext;
  protected readonly word: WordLocation;
  protected readonly queue: QueueNodes;
  protected get nodes(): Line[] {
    return this.queue.lines;
  }
  protected get threads(): SyncThread[] {
    return this.queue.threads;
  }
  private readonly waiting: ((t: SyncThread) => void)[] = [];
  private readonly previousTail: number[] = [];

  constructor(ctx: SyncContext, name: string, _params: ResolvedParams, word?: WordLocation) {
    this.ctx = ctx;
    this.name = name;
    this.word = word ?? { line: ctx.fabric.line(`${name}.word`), field: 0 };
    this.queue = new QueueNodes(ctx, name);
  }

  lines(): readonly Line[] {
    return [this.word.line, ...this.queue.created()];
  }

  protected node(thread: SyncThread): Line {
    return this.queue.of(thread);
  }

  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    const env = this.ctx.env;
    const { line, field } = this.word;
    this.waiting[thread.id] = onAcquired;
    this.stats.acquisitions++;
    // Fast path: CAS 0 → locked.
    let t = line.cas(thread.cpu, env.now, field, 0, LOCKED);
    let val = line.result;
    if (val === 0) {
      this.stats.fastPath++;
      this.granted(thread, t);
      return;
    }
    // Only the lock is held (no pending, no queue): try to become the pending waiter.
    if (val === LOCKED) {
      t = line.update(thread.cpu, t, field, setPending);
      val = line.result;
      if ((val & ~LOCKED) === 0) {
        this.stats.pendingPath++;
        // Wait for the owner to go, then clear pending and set locked in one store.
        line.spin(thread.cpu, t, field, maskClear, this.pendingOwnerGone, thread, LOCKED);
        return;
      }
      // Someone else got pending or queued meanwhile; undo our pending bit if we set it.
      if ((val & PENDING) === 0) t = line.update(thread.cpu, t, field, clearPending);
    }
    this.enqueue(thread, t);
  }

  private readonly pendingOwnerGone = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    const env = this.ctx.env;
    const { line, field } = this.word;
    const t = line.update(thread.cpu, env.now, field, pendingToLocked);
    this.granted(thread, t);
  };

  private enqueue(thread: SyncThread, at: Ps): void {
    const env = this.ctx.env;
    const { line, field } = this.word;
    this.stats.queued++;
    const node = this.node(thread);
    let t = node.write(thread.cpu, at, NODE_NEXT, NONE);
    t = node.write(thread.cpu, t, NODE_LOCKED, 0);
    // xchg_tail: publish ourselves as the tail, keep locked and pending.
    const mine = (thread.id + 1) * TAIL_UNIT;
    t = line.replaceHigh(thread.cpu, t, field, TAIL_UNIT, mine);
    this.previousTail[thread.id] = tailOf(line.result) - 1;
    env.callWith(t - env.now, this.tailSwapped, thread);
  }

  private readonly tailSwapped = (thread: SyncThread): void => {
    const env = this.ctx.env;
    const prev = this.previousTail[thread.id] as number;
    if (prev === NONE) {
      this.waitAtHead(thread, env.now);
      return;
    }
    // Link behind the previous tail and wait to become the queue head.
    const linked = (this.nodes[prev] as Line).write(thread.cpu, env.now, NODE_NEXT, thread.id);
    this.node(thread).spin(thread.cpu, linked, NODE_LOCKED, equalsTarget, this.becameHead, thread, 1);
  };

  private readonly becameHead = (spinner: Spinner): void => {
    this.waitAtHead(spinner.ctx as SyncThread, this.ctx.env.now);
  };

  private waitAtHead(thread: SyncThread, t: Ps): void {
    const { line, field } = this.word;
    line.spin(thread.cpu, t, field, maskClear, this.headSawFree, thread, LOCKED_PENDING);
  }

  private readonly headSawFree = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    const env = this.ctx.env;
    const { line, field } = this.word;
    const mine = (thread.id + 1) * TAIL_UNIT;
    const val = line.values[field] as number;
    if (val - lowOf(val) === mine) {
      // Last in the queue: take the lock and clear the tail in one CAS (CNA: leave its secondary queue).
      const leave = this.tailWhenLast();
      const t = line.cas(thread.cpu, env.now, field, val, LOCKED + leave);
      if (line.result === val) {
        if (leave !== 0) this.afterLastHandoff(thread, t);
        this.granted(thread, t);
        return;
      }
    }
    // Others queued behind: set the locked byte, then make the successor the head.
    const t = line.update(thread.cpu, env.now, field, setLocked);
    this.holder = thread;
    const node = this.node(thread);
    const t2 = node.read(thread.cpu, t, NODE_NEXT);
    const next = node.values[NODE_NEXT] as number;
    if (next !== NONE) {
      this.passHeadship(thread, next, t2);
      this.granted(thread, t2);
      return;
    }
    node.spin(thread.cpu, t2, NODE_NEXT, differsFromTarget, this.successorLinked, thread, NONE);
  };

  private readonly successorLinked = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    const t = this.ctx.env.now;
    this.passHeadship(thread, spinner.observed, t);
    this.granted(thread, t);
  };

  /** Tail bits to leave in the word when the head is the last queued waiter (CNA overrides). */
  protected tailWhenLast(): number {
    return 0;
  }

  /** Called when the head took the lock as the last waiter but left a tail (CNA overrides). */
  protected afterLastHandoff(_thread: SyncThread, _t: Ps): void {}

  /** arch_mcs_spin_unlock_contended: one write to the successor's node. Overridden by CNA. */
  protected passHeadship(thread: SyncThread, next: number, t: Ps): void {
    (this.nodes[next] as Line).write(thread.cpu, t, NODE_LOCKED, 1);
  }

  protected granted(thread: SyncThread, at: Ps): void {
    const env = this.ctx.env;
    this.holder = thread;
    env.callWith(Math.max(0, at - env.now), this.waiting[thread.id] as (t: SyncThread) => void, thread);
  }

  release(thread: SyncThread): Ps {
    assertHolder(this, thread, this.holder);
    this.holder = null;
    const env = this.ctx.env;
    const { line, field } = this.word;
    line.update(thread.cpu, env.now, field, clearLocked);
    return env.now;
  }
}
