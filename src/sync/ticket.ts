// Ticket spinlock: take a ticket with an atomic fetch-and-add on `next`, spin until `owner` equals
// it; release increments `owner`. Both counters share one word (one line), as in Linux x86 before
// 4.2. Every release invalidates every waiter's copy and every waiter re-reads — the handoff cost
// that grows with the number of waiters (Boyd-Wickizer, Kaashoek, Morris, Zeldovich, "Non-scalable
// locks are dangerous", Linux Symposium 2012) emerges here from the line model.

import type { Ps } from '../core/index.ts';
import type { Line, Spinner } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import {
  assertHolder,
  equalsTarget,
  type ExclusiveLock,
  type LockDescriptor,
  type SyncContext,
  type SyncThread,
} from './types.ts';

export const TICKET: LockDescriptor = {
  name: 'ticket',
  summary: 'ticket lock: fetch-and-add a ticket, spin until the owner counter reaches it (FIFO)',
  source: 'Mellor-Crummey & Scott, ACM TOCS 1991, §2.2; Linux x86 arch_spinlock_t before 4.2',
  kind: 'exclusive',
  fairness: 'fifo',
  params: [],
  stats: ['acquisitions', 'contended'],
};

const NEXT = 0;
const OWNER = 1;

export class TicketLock implements ExclusiveLock {
  readonly descriptor = TICKET;
  readonly name: string;
  holder: SyncThread | null = null;
  readonly stats = { acquisitions: 0, contended: 0 };
  private readonly ctx: SyncContext;
  private readonly line: Line;
  private readonly waiting: ((t: SyncThread) => void)[] = [];

  constructor(ctx: SyncContext, name: string, _params: ResolvedParams) {
    this.ctx = ctx;
    this.name = name;
    this.line = ctx.fabric.line(`${name}.word`, { fields: ['next', 'owner'] });
  }

  lines(): readonly Line[] {
    return [this.line];
  }

  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    const env = this.ctx.env;
    const line = this.line;
    this.waiting[thread.id] = onAcquired;
    this.stats.acquisitions++;
    const done = line.fetchAdd(thread.cpu, env.now, NEXT, 1);
    const ticket = line.result;
    if (line.values[OWNER] === ticket) {
      this.holder = thread;
      env.callWith(done - env.now, onAcquired, thread);
      return;
    }
    this.stats.contended++;
    // The first read after the fetch-and-add hits the copy it just obtained.
    line.spin(thread.cpu, done, OWNER, equalsTarget, this.granted, thread, ticket);
  }

  private readonly granted = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    this.holder = thread;
    (this.waiting[thread.id] as (t: SyncThread) => void)(thread);
  };

  release(thread: SyncThread): Ps {
    assertHolder(this, thread, this.holder);
    this.holder = null;
    const env = this.ctx.env;
    this.line.write(thread.cpu, env.now, OWNER, (this.line.values[OWNER] as number) + 1);
    return env.now;
  }
}
