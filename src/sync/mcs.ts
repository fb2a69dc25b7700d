// MCS queue lock: each waiter spins on its own queue node, so a handoff is one write to the
// successor's node — one line transfer whatever the number of waiters. Source: J. M. Mellor-Crummey
// and M. L. Scott, "Algorithms for scalable synchronization on shared-memory multiprocessors",
// ACM TOCS 9(1), 1991, Fig. 5 (acquire: swap the tail, link behind the predecessor, spin on own
// node; release: hand to the successor, or CAS the tail back to nil, or wait for a late link).
//
// Nodes are lines homed on the waiter's socket. The tail word is its own line unless given.

import type { Ps } from '../core/index.ts';
import type { Line, Spinner } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import { QueueNodes } from './queueNodes.ts';
import {
  assertHolder,
  differsFromTarget,
  type ExclusiveLock,
  isZero,
  type LockDescriptor,
  type SyncContext,
  type SyncThread,
  type WordLocation,
} from './types.ts';

export const MCS: LockDescriptor = {
  name: 'mcs',
  summary: 'MCS queue lock: swap into a tail pointer, spin on an own node; handoff is one transfer (FIFO)',
  source: 'Mellor-Crummey & Scott, ACM TOCS 9(1), 1991, Fig. 5',
  kind: 'exclusive',
  fairness: 'fifo',
  params: [],
  stats: ['acquisitions', 'contended', 'lateLinks'],
};

const LOCKED = 0;
const NEXT = 1;
const NONE = -1;

export class McsLock implements ExclusiveLock {
  readonly descriptor = MCS;
  readonly name: string;
  holder: SyncThread | null = null;
  readonly stats = { acquisitions: 0, contended: 0, lateLinks: 0 };
  private readonly ctx: SyncContext;
  private readonly tail: WordLocation;
  private readonly queue: QueueNodes;
  private get nodes(): Line[] {
    return this.queue.lines;
  }
  private readonly waiting: ((t: SyncThread) => void)[] = [];
  private readonly releasing: ((t: SyncThread) => void)[] = [];
  private readonly predecessor: number[] = [];

  constructor(ctx: SyncContext, name: string, _params: ResolvedParams, tail?: WordLocation) {
    this.ctx = ctx;
    this.name = name;
    this.tail = tail ?? { line: ctx.fabric.line(`${name}.tail`), field: 0 };
    this.queue = new QueueNodes(ctx, name);
    this.tail.line.values[this.tail.field] = NONE;
  }

  lines(): readonly Line[] {
    return [this.tail.line, ...this.queue.created()];
  }

  private node(thread: SyncThread): Line {
    return this.queue.of(thread);
  }

  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    const env = this.ctx.env;
    this.waiting[thread.id] = onAcquired;
    this.stats.acquisitions++;
    const node = this.node(thread);
    // Initialise the own node (normally a hit), then swap it into the tail.
    let t = node.write(thread.cpu, env.now, NEXT, NONE);
    t = node.write(thread.cpu, t, LOCKED, 1);
    const { line, field } = this.tail;
    const done = line.exchange(thread.cpu, Math.max(env.now, t), field, thread.id);
    this.predecessor[thread.id] = line.result;
    env.callWith(done - env.now, this.swapped, thread);
  }

  private readonly swapped = (thread: SyncThread): void => {
    const env = this.ctx.env;
    const pred = this.predecessor[thread.id] as number;
    if (pred === NONE) {
      this.holder = thread;
      (this.waiting[thread.id] as (t: SyncThread) => void)(thread);
      return;
    }
    this.stats.contended++;
    const predNode = this.nodes[pred] as Line;
    const linked = predNode.write(thread.cpu, env.now, NEXT, thread.id);
    this.node(thread).spin(thread.cpu, linked, LOCKED, isZero, this.handedOver, thread);
  };

  private readonly handedOver = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    this.holder = thread;
    (this.waiting[thread.id] as (t: SyncThread) => void)(thread);
  };

  release(thread: SyncThread, onReleased: (thread: SyncThread) => void): Ps {
    assertHolder(this, thread, this.holder);
    this.holder = null;
    const env = this.ctx.env;
    const node = this.node(thread);
    const t = node.read(thread.cpu, env.now, NEXT);
    const next = node.values[NEXT] as number;
    if (next !== NONE) return this.handTo(thread, next, t);
    const { line, field } = this.tail;
    const done = line.cas(thread.cpu, t, field, thread.id, NONE);
    if (line.result === thread.id) return done; // no one queued: the lock is free
    // A successor swapped the tail but has not linked in yet: wait for the link.
    this.stats.lateLinks++;
    this.releasing[thread.id] = onReleased;
    node.spin(thread.cpu, done, NEXT, differsFromTarget, this.linked, thread, NONE);
    return -1;
  }

  private readonly linked = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    const env = this.ctx.env;
    const done = this.handTo(thread, spinner.observed, env.now);
    env.callWith(done - env.now, this.releasing[thread.id] as (t: SyncThread) => void, thread);
  };

  private handTo(thread: SyncThread, next: number, t: Ps): Ps {
    const successor = this.nodes[next] as Line;
    successor.write(thread.cpu, t, LOCKED, 0);
    return t; // a store: the releaser goes on
  }
}
