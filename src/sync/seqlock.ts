// Linux seqlock_t: a sequence count and a spinlock. A writer takes the spinlock, makes the count odd,
// writes, makes it even again and unlocks. A reader samples the count, spinning with PAUSE while it
// is odd (a writer is inside), reads, and retries if the count moved. Source: Linux
// include/linux/seqlock.h (read_seqbegin / read_seqretry / write_seqlock / write_sequnlock);
// C. Lameter, "Effective synchronization on Linux/NUMA systems", Gelato 2005.
//
// `layout` puts the count and the spinlock on one line (as in seqlock_t, and as mount_lock is) or
// pads them apart. On one line, every write to the spinlock invalidates the readers' copy of the
// count: they re-read, and the next RFO queues behind them — the false sharing the incident's
// profile measured.

import { type Ps, SimError } from '../core/index.ts';
import type { Line, Spinner } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import { QspinLock } from './qspinlock.ts';
import { TicketLock } from './ticket.ts';
import { type ExclusiveLock, isEven, type LockDescriptor, type SyncContext, type SyncThread } from './types.ts';

export const SEQLOCK: LockDescriptor = {
  name: 'seqlock',
  summary: 'seqlock: writers serialise on a spinlock and bump a count; readers retry if the count moved',
  source: 'Linux include/linux/seqlock.h; Lameter, Gelato 2005',
  kind: 'seqlock',
  fairness: 'fifo-writers',
  params: [
    {
      name: 'layout',
      default: 'shared-line',
      unit: 'choice',
      choices: ['shared-line', 'padded'],
      doc: 'count and spinlock on one cache line (seqlock_t) or padded onto two',
    },
    {
      name: 'spinlock',
      default: 'qspinlock',
      unit: 'choice',
      choices: ['qspinlock', 'ticket'],
      doc: "the writers' spinlock (qspinlock since Linux 4.2)",
    },
  ],
  stats: ['writes', 'reads', 'readRetries', 'readSpins', 'windows', 'windowPsTotal'],
};

const SEQ = 0;

interface Reader {
  thread: SyncThread;
  workPs: Ps;
  onDone: (thread: SyncThread, retries: number, doneAt: Ps) => void;
  /** Call `onDone` at the check, with the time the checking read completes (see `read`). */
  early: boolean;
  start: number;
  retries: number;
  /** After this many failed checks the next attempt does not check (it completes). */
  maxRetries: number;
  active: boolean;
  /** Linearisation order of this attempt's sampling read and of its check. */
  sampleSeq: number;
  checkSeq: number;
}

/** Where each write section began and ended, in linearisation order (for the law tests). */
export interface WriteSection {
  readonly beginSeq: number;
  endSeq: number;
}

/** One reader attempt (for the law tests). */
export interface ReadAttempt {
  readonly thread: SyncThread;
  readonly sampleSeq: number;
  readonly checkSeq: number;
  readonly retried: boolean;
}

export class SeqLock implements ExclusiveLock {
  readonly descriptor = SEQLOCK;
  readonly name: string;
  readonly stats = { writes: 0, reads: 0, readRetries: 0, readSpins: 0, windows: 0, windowPsTotal: 0 };
  private windowOpenedAt = 0;
  /** The line holding the count (and the spinlock, when shared). */
  readonly countLine: Line;
  private readonly ctx: SyncContext;
  private readonly spinlock: ExclusiveLock;
  private readonly waiting: ((t: SyncThread) => void)[] = [];
  private readonly readers: Reader[] = [];
  /** When set, every write section and reader attempt is logged here (tests). */
  log: { writes: WriteSection[]; reads: ReadAttempt[] } | null = null;

  constructor(ctx: SyncContext, name: string, params: ResolvedParams) {
    this.ctx = ctx;
    this.name = name;
    const shared = params.layout === 'shared-line';
    this.countLine = ctx.fabric.line(`${name}.seq`, { fields: shared ? ['sequence', 'lock'] : ['sequence'] });
    if (params.spinlock === 'ticket') {
      if (shared)
        throw new SimError('seqlock: a ticket spinlock is modelled on its own line; use layout=padded', {
          where: 'sync',
        });
      this.spinlock = new TicketLock(ctx, `${name}.lock`, {});
    } else {
      const word = shared ? { line: this.countLine, field: 1 } : undefined;
      this.spinlock = new QspinLock(ctx, `${name}.lock`, {}, word);
    }
  }

  get holder(): SyncThread | null {
    return this.spinlock.holder;
  }

  /** The count's current value (odd while a writer is inside). */
  get sequence(): number {
    return this.countLine.values[SEQ] as number;
  }

  lines(): readonly Line[] {
    const own = this.spinlock.lines();
    return own.includes(this.countLine) ? own : [this.countLine, ...own];
  }

  /** write_seqlock: take the spinlock, then make the count odd. */
  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    this.waiting[thread.id] = onAcquired;
    this.onLocked[thread.id] = undefined;
    this.spinlock.acquire(thread, this.locked);
  }

  /**
   * write_seqlock for a caller that works on inside the section: `onLocked(thread, oddAt)` runs as
   * soon as the spinlock is taken and the odd store is issued, with the time that store completes.
   * The caller's section starts at `oddAt`, not before (it adds the difference to its work). One
   * event fewer per section than `acquire`, which runs `onAcquired` at `oddAt`.
   */
  acquireThen(thread: SyncThread, onLocked: (thread: SyncThread, oddAt: Ps) => void): void {
    this.onLocked[thread.id] = onLocked;
    this.spinlock.acquire(thread, this.locked);
  }

  private readonly onLocked: (((t: SyncThread, oddAt: Ps) => void) | undefined)[] = [];

  private readonly locked = (thread: SyncThread): void => {
    const env = this.ctx.env;
    this.stats.writes++;
    this.windowOpenedAt = env.now;
    const t = this.countLine.write(thread.cpu, env.now, SEQ, this.sequence + 1);
    this.log?.writes.push({ beginSeq: this.countLine.lastSeq, endSeq: Number.POSITIVE_INFINITY });
    const early = this.onLocked[thread.id];
    if (early !== undefined) {
      this.onLocked[thread.id] = undefined;
      early(thread, t);
      return;
    }
    env.callWith(t - env.now, this.waiting[thread.id] as (t: SyncThread) => void, thread);
  };

  /** write_sequnlock: make the count even, then release the spinlock. */
  release(thread: SyncThread, onReleased: (thread: SyncThread) => void): Ps {
    const env = this.ctx.env;
    const closed = this.countLine.write(thread.cpu, env.now, SEQ, this.sequence + 1);
    // The write window as readers see it: from the odd store's issue to the even store's completion.
    this.stats.windows++;
    this.stats.windowPsTotal += closed - this.windowOpenedAt;
    const open = this.log?.writes.at(-1);
    if (open !== undefined) open.endSeq = this.countLine.lastSeq;
    return this.spinlock.release(thread, onReleased);
  }

  /**
   * One reader section of `workPs` by `thread`: read_seqbegin (spin while odd), the work, then
   * read_seqretry; repeats until the count did not move. `onDone` gets the number of retries.
   * With `maxRetries`, the attempt after that many failures still samples (spins while odd) but
   * does not check: a path lookup whose RCU walk failed is redone in ref-walk mode, which does not
   * depend on the count (fs/namei.c: -ECHILD, then the walk again without LOOKUP_RCU).
   * `onDone` gets the time the section ends (the checking read's completion); with `early` it is
   * called when that read is issued, one event sooner, and the caller must account the rest.
   */
  read(
    thread: SyncThread,
    workPs: Ps,
    onDone: (thread: SyncThread, retries: number, doneAt: Ps) => void,
    maxRetries = Number.POSITIVE_INFINITY,
    early = false,
  ): void {
    let r = this.readers[thread.id];
    if (r === undefined) {
      r = {
        thread,
        workPs,
        onDone,
        early,
        start: 0,
        retries: 0,
        maxRetries,
        active: false,
        sampleSeq: 0,
        checkSeq: 0,
      };
      this.readers[thread.id] = r;
    }
    if (r.active) throw new SimError(`${thread.name} is already inside a ${this.name} read section`, { where: 'sync' });
    r.workPs = workPs;
    r.onDone = onDone;
    r.retries = 0;
    r.maxRetries = maxRetries;
    r.early = early;
    r.active = true;
    this.stats.reads++;
    this.begin(r);
  }

  private begin(r: Reader): void {
    const env = this.ctx.env;
    if (isEven(this.sequence)) {
      // No writer inside: the sampling read completes, then the section runs (what spin() would
      // report at the read's completion, without a spinner and its event).
      const done = this.countLine.read(r.thread.cpu, env.now, SEQ);
      r.start = this.sequence;
      r.sampleSeq = this.countLine.lastSeq;
      env.callWith(done - env.now + r.workPs, this.check, r);
      return;
    }
    this.countLine.spin(r.thread.cpu, env.now, SEQ, isEven, this.sampled, r);
  }

  private readonly sampled = (spinner: Spinner): void => {
    const r = spinner.ctx as Reader;
    this.stats.readSpins += spinner.rereads;
    r.start = spinner.observed;
    r.sampleSeq = spinner.observedSeq;
    this.ctx.env.callWith(r.workPs, this.check, r);
  };

  private readonly check = (r: Reader): void => {
    const env = this.ctx.env;
    const t = this.countLine.read(r.thread.cpu, env.now, SEQ);
    r.checkSeq = this.countLine.lastSeq;
    const ok = this.sequence === r.start || r.retries >= r.maxRetries;
    this.log?.reads.push({ thread: r.thread, sampleSeq: r.sampleSeq, checkSeq: r.checkSeq, retried: !ok });
    if (ok) {
      r.active = false;
      if (r.early) r.onDone(r.thread, r.retries, t);
      else env.callWith(t - env.now, this.finish, r);
      return;
    }
    r.retries++;
    this.stats.readRetries++;
    env.callWith(t - env.now, this.retry, r);
  };

  private readonly retry = (r: Reader): void => this.begin(r);

  private readonly finish = (r: Reader): void => r.onDone(r.thread, r.retries, this.ctx.env.now);
}
