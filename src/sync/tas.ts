// Test-and-set spinlock: every attempt is an atomic exchange (an RFO), retried after a PAUSE until
// it returns 0. Source: the textbook baseline (T. E. Anderson, "The performance of spin lock
// alternatives for shared-memory multiprocessors", IEEE TPDS 1990, §2).

import type { Ps } from '../core/index.ts';
import type { Line } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import {
  assertHolder,
  type ExclusiveLock,
  type LockDescriptor,
  type SyncContext,
  type SyncThread,
  type WordLocation,
} from './types.ts';

export const TAS: LockDescriptor = {
  name: 'tas',
  summary: 'test-and-set: atomic exchange in a loop, PAUSE between attempts',
  source: 'T. E. Anderson, IEEE TPDS 1(1), 1990, §2 (spin on test-and-set)',
  kind: 'exclusive',
  fairness: 'none',
  params: [],
  stats: ['attempts'],
};

export class TasLock implements ExclusiveLock {
  readonly descriptor = TAS;
  readonly name: string;
  holder: SyncThread | null = null;
  readonly stats = { attempts: 0 };
  private readonly ctx: SyncContext;
  private readonly word: WordLocation;
  private readonly waiting: ((t: SyncThread) => void)[] = [];

  constructor(ctx: SyncContext, name: string, _params: ResolvedParams, word?: WordLocation) {
    this.ctx = ctx;
    this.name = name;
    this.word = word ?? { line: ctx.fabric.line(`${name}.word`), field: 0 };
  }

  lines(): readonly Line[] {
    return [this.word.line];
  }

  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    this.waiting[thread.id] = onAcquired;
    this.attempt(thread);
  }

  private readonly attempt = (thread: SyncThread): void => {
    const env = this.ctx.env;
    const { line, field } = this.word;
    this.stats.attempts++;
    const done = line.exchange(thread.cpu, env.now, field, 1);
    if (line.result === 0) {
      this.holder = thread;
      env.callWith(done - env.now, this.waiting[thread.id] as (t: SyncThread) => void, thread);
    } else {
      env.callWith(done - env.now + this.ctx.fabric.params.pausePs, this.attempt, thread);
    }
  };

  release(thread: SyncThread): Ps {
    assertHolder(this, thread, this.holder);
    this.holder = null;
    const env = this.ctx.env;
    this.word.line.write(thread.cpu, env.now, this.word.field, 0);
    return env.now; // a store: the thread goes on while it drains
  }
}
