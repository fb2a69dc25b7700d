// Test-and-test-and-set with exponential backoff: spin reading the word (a shared copy, no traffic)
// until it is 0, then try a compare-and-swap; on failure back off for a random time that doubles up
// to a cap. Source: Anderson 1990 (§3, backoff) and Mellor-Crummey & Scott, ACM TOCS 9(1), 1991, §2.

import type { Ps } from '../core/index.ts';
import type { Line, Spinner } from '../hw/index.ts';
import type { RandomStream } from '../random/index.ts';
import type { ResolvedParams } from './params.ts';
import {
  assertHolder,
  type ExclusiveLock,
  isZero,
  type LockDescriptor,
  type SyncContext,
  type SyncThread,
  type WordLocation,
} from './types.ts';

export const TTAS: LockDescriptor = {
  name: 'ttas',
  summary: 'test-and-test-and-set: spin on a shared copy, CAS when free, exponential backoff on failure',
  source: 'Anderson, IEEE TPDS 1990, §3; Mellor-Crummey & Scott, ACM TOCS 9(1) 1991, §2',
  kind: 'exclusive',
  fairness: 'none',
  params: [
    {
      name: 'backoffMin',
      default: '50ns',
      unit: 'duration',
      doc: 'first backoff cap after a failed CAS (uniform in [0, cap])',
      range: ['10ns', '1us'],
    },
    {
      name: 'backoffMax',
      default: '10us',
      unit: 'duration',
      doc: 'largest backoff cap; the cap doubles per consecutive failure',
      range: ['1us', '100us'],
    },
  ],
  stats: ['attempts', 'failedAttempts'],
};

export class TtasLock implements ExclusiveLock {
  readonly descriptor = TTAS;
  readonly name: string;
  holder: SyncThread | null = null;
  readonly stats = { attempts: 0, failedAttempts: 0 };
  private readonly ctx: SyncContext;
  private readonly word: WordLocation;
  private readonly stream: RandomStream;
  private readonly minPs: number;
  private readonly maxPs: number;
  private readonly waiting: ((t: SyncThread) => void)[] = [];
  private readonly failures: number[] = [];

  constructor(ctx: SyncContext, name: string, params: ResolvedParams, word?: WordLocation) {
    this.ctx = ctx;
    this.name = name;
    this.word = word ?? { line: ctx.fabric.line(`${name}.word`), field: 0 };
    this.stream = ctx.stream(`${name}/backoff`);
    this.minPs = params.backoffMin as number;
    this.maxPs = Math.max(this.minPs, params.backoffMax as number);
  }

  lines(): readonly Line[] {
    return [this.word.line];
  }

  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    this.waiting[thread.id] = onAcquired;
    this.failures[thread.id] = 0;
    this.spin(thread);
  }

  private readonly spin = (thread: SyncThread): void => {
    const env = this.ctx.env;
    this.word.line.spin(thread.cpu, env.now, this.word.field, isZero, this.sawFree, thread);
  };

  private readonly sawFree = (spinner: Spinner): void => {
    const thread = spinner.ctx as SyncThread;
    const env = this.ctx.env;
    const { line, field } = this.word;
    this.stats.attempts++;
    const done = line.cas(thread.cpu, env.now, field, 0, 1);
    if (line.result === 0) {
      this.holder = thread;
      env.callWith(done - env.now, this.waiting[thread.id] as (t: SyncThread) => void, thread);
      return;
    }
    this.stats.failedAttempts++;
    const k = this.failures[thread.id] as number;
    this.failures[thread.id] = k + 1;
    const cap = Math.min(this.maxPs, this.minPs * 2 ** k);
    env.callWith(done - env.now + Math.floor(this.stream.next() * cap), this.spin, thread);
  };

  release(thread: SyncThread): Ps {
    assertHolder(this, thread, this.holder);
    this.holder = null;
    const env = this.ctx.env;
    this.word.line.write(thread.cpu, env.now, this.word.field, 0);
    return env.now;
  }
}
