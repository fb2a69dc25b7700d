// Reader–writer semaphore with Linux rwsem semantics (kernel/locking/rwsem.c, Linux ≥ 5.3): one count
// word (writer bit, waiters flag, reader count) on the semaphore's line, next to its wait_lock. A
// reader adds a reader bias and keeps the lock unless a writer holds it or anyone waits — so a
// waiting writer blocks new readers. A writer CASes 0 → writer-locked. Whoever fails sleeps in a
// FIFO wait list. On release the first waiter is woken: a writer alone; or, when the first waiter is
// a reader, up to 256 waiting readers (phase-fair: readers queued behind a writer come too, as Linux
// does since 5.3; `readerWakeup: front` wakes only the readers ahead of the first writer). The waker
// grants the lock before waking (a handoff); a woken thread runs after the wake-up latency.
//
// Sleeping waiters do not spin: they cost the lock's line nothing until woken. Optimistic spinning
// of writers while the owner runs needs the scheduler (src/sched) and is added there.

import { type Ps, SimError } from '../core/index.ts';
import type { Line } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import type { LockDescriptor, SyncContext, SyncThread } from './types.ts';

export const RWSEM: LockDescriptor = {
  name: 'rwsem',
  summary: 'Linux rwsem: readers share, writers exclude, a waiting writer blocks new readers; sleepers wait FIFO',
  source: 'Linux kernel/locking/rwsem.c (rwsem_down_read_slowpath, rwsem_down_write_slowpath, rwsem_mark_wake)',
  kind: 'rwsem',
  fairness: 'fifo-writers',
  params: [
    {
      name: 'wakeupLatency',
      default: '5us',
      unit: 'duration',
      doc: 'from wake_up_process to the woken thread running (idle CPU); the scheduler replaces this when present',
      range: ['1us', '50us'],
    },
    {
      name: 'readerWakeup',
      default: 'phase-fair',
      unit: 'choice',
      choices: ['phase-fair', 'front'],
      doc: 'phase-fair: wake up to 256 queued readers (Linux ≥ 5.3); front: only the readers before the first writer',
    },
  ],
  stats: ['readAcquisitions', 'writeAcquisitions', 'readSlowpath', 'writeSlowpath', 'wakeups'],
};

const WRITER = 1;
const WAITERS = 2;
const READER = 256;
const MAX_READERS_WAKEUP = 256;
const COUNT = 0;
const setWaiters = (v: number): number => v | WAITERS;

interface Waiter {
  /** Order of arrival in the wait list. */
  readonly seq: number;
  readonly thread: SyncThread;
  readonly onAcquired: (thread: SyncThread) => void;
  readonly onGranted: GrantCallback | null;
}

/**
 * Called at once with the time a grant takes effect, instead of `onAcquired` as an event at that
 * time: when the fast path grants the semaphore (synchronously, inside `acquireRead`/`acquireWrite`),
 * and when a release grants it to a sleeping waiter. A caller that goes on working folds the delay
 * into its next step, and a sleeper into its wake-up: one event fewer per acquisition.
 */
export type GrantCallback = (thread: SyncThread, effectiveAt: Ps) => void;

export class RwSem {
  readonly descriptor = RWSEM;
  readonly name: string;
  readonly line: Line;
  readonly stats = { readAcquisitions: 0, writeAcquisitions: 0, readSlowpath: 0, writeSlowpath: 0, wakeups: 0 };
  /** The writer holding it, or null. */
  writer: SyncThread | null = null;
  /** Readers holding it. */
  readers = 0;
  private readonly ctx: SyncContext;
  /**
   * The FIFO wait list, kept as two queues (readers, writers) ordered by arrival `seq`: a wake takes
   * its readers without walking past the writers queued among them (hundreds, in a mount storm).
   */
  private readonly readerQueue = new WaiterQueue();
  private readonly writerQueue = new WaiterQueue();
  private nextSeq = 0;
  private readonly wakeupPs: number;
  private readonly phaseFair: boolean;

  constructor(ctx: SyncContext, name: string, params: ResolvedParams) {
    this.ctx = ctx;
    this.name = name;
    this.line = ctx.fabric.line(`${name}.count`, { fields: ['count', 'wait_lock'] });
    this.wakeupPs = params.wakeupLatency as number;
    this.phaseFair = params.readerWakeup === 'phase-fair';
  }

  /**
   * Called when a thread is about to queue (the waiters flag goes up): from then on, readers that
   * arrive take the slow path. A caller that has granted itself reads ahead (runs of mountinfo
   * chunks) ends them at their next re-acquire.
   */
  onQueue: (() => void) | null = null;

  /** Threads in the wait list, oldest first. */
  get waiting(): number {
    return this.readerQueue.length + this.writerQueue.length;
  }

  lines(): readonly Line[] {
    return [this.line];
  }

  /** Read acquisitions made outside `acquireRead` (re-acquires a caller submitted to the line itself). */
  countReadsAhead(n: number): void {
    this.stats.readAcquisitions += n;
  }

  /** down_read. */
  acquireRead(
    thread: SyncThread,
    onAcquired: (thread: SyncThread) => void,
    onGranted: GrantCallback | null = null,
  ): void {
    const env = this.ctx.env;
    let t = this.line.fetchAdd(thread.cpu, env.now, COUNT, READER);
    const old = this.line.result;
    if ((old & (WRITER | WAITERS)) === 0) {
      this.readers++;
      this.stats.readAcquisitions++;
      if (onGranted !== null) onGranted(thread, t);
      else env.callWith(t - env.now, onAcquired, thread);
      return;
    }
    // Slow path: undo the bias, queue under wait_lock, sleep.
    this.stats.readSlowpath++;
    t = this.line.fetchAdd(thread.cpu, t, COUNT, -READER);
    this.enqueue(thread, false, onAcquired, onGranted, t);
  }

  /** down_write. */
  acquireWrite(
    thread: SyncThread,
    onAcquired: (thread: SyncThread) => void,
    onGranted: GrantCallback | null = null,
  ): void {
    const env = this.ctx.env;
    const t = this.line.cas(thread.cpu, env.now, COUNT, 0, WRITER);
    if (this.line.result === 0) {
      this.writer = thread;
      this.stats.writeAcquisitions++;
      if (onGranted !== null) onGranted(thread, t);
      else env.callWith(t - env.now, onAcquired, thread);
      return;
    }
    this.stats.writeSlowpath++;
    this.enqueue(thread, true, onAcquired, onGranted, t);
  }

  private enqueue(
    thread: SyncThread,
    writer: boolean,
    onAcquired: (t: SyncThread) => void,
    onGranted: GrantCallback | null,
    at: Ps,
  ): void {
    this.onQueue?.();
    // raw_spin_lock_irq(&sem->wait_lock): an RFO on the same line; then set the waiters flag.
    let t = this.line.write(thread.cpu, at, 1, thread.id);
    (writer ? this.writerQueue : this.readerQueue).push({ seq: this.nextSeq++, thread, onAcquired, onGranted });
    t = this.line.update(thread.cpu, t, COUNT, setWaiters);
    // The lock may have been released while we queued: then wake now (rwsem_down_*_slowpath re-check).
    // The waiter has not gone to sleep yet, so this grant comes as `onAcquired`.
    if (this.writer === null && this.readers === 0) this.wake(thread.cpu, t, false);
  }

  /** up_read. */
  releaseRead(thread: SyncThread): Ps {
    const env = this.ctx.env;
    if (this.readers <= 0)
      throw new SimError(`${thread.name} up_read on ${this.name} with no readers`, { where: 'sync' });
    this.readers--;
    const t = this.line.fetchAdd(thread.cpu, env.now, COUNT, -READER);
    if (this.readers === 0 && this.waiting > 0) this.wake(thread.cpu, t, true);
    return env.now;
  }

  /** up_write. */
  releaseWrite(thread: SyncThread): Ps {
    const env = this.ctx.env;
    if (this.writer !== thread) {
      throw new SimError(`${thread.name} up_write on ${this.name} held by ${this.writer?.name ?? 'nobody'}`, {
        where: 'sync',
      });
    }
    this.writer = null;
    const t = this.line.fetchAdd(thread.cpu, env.now, COUNT, -WRITER);
    if (this.waiting > 0) this.wake(thread.cpu, t, true);
    return env.now;
  }

  /** rwsem_wake → rwsem_mark_wake: grant to the first waiter (or a batch of readers), then wake them. */
  private wake(cpu: number, at: Ps, byRelease: boolean): void {
    const env = this.ctx.env;
    let t = this.line.write(cpu, at, 1, -1); // wait_lock
    const readers = this.readerQueue;
    const writers = this.writerQueue;
    const firstWriter = writers.length > 0 ? (writers.peek() as Waiter) : null;
    const woken: Waiter[] = [];
    if (firstWriter !== null && (readers.length === 0 || firstWriter.seq < (readers.peek() as Waiter).seq)) {
      writers.shift();
      this.writer = firstWriter.thread;
      woken.push(firstWriter);
      this.stats.writeAcquisitions++;
    } else {
      // The first waiter is a reader: phase-fair takes the first 256 readers, wherever they stand
      // among the writers; `front` only those queued before the first writer.
      const before = firstWriter === null || this.phaseFair ? Number.POSITIVE_INFINITY : firstWriter.seq;
      while (readers.length > 0 && woken.length < MAX_READERS_WAKEUP && (readers.peek() as Waiter).seq < before)
        woken.push(readers.shift() as Waiter);
      this.readers += woken.length;
      this.stats.readAcquisitions += woken.length;
    }
    const grant = this.writer !== null ? WRITER : woken.length * READER;
    const waiters = this.waiting > 0 ? WAITERS : 0;
    t = this.line.update(cpu, t, COUNT, (v) => (v & ~WAITERS) + grant + waiters);
    for (const w of woken) {
      this.stats.wakeups++;
      if (byRelease && w.onGranted !== null) w.onGranted(w.thread, t + this.wakeupPs);
      else env.callWith(t - env.now + this.wakeupPs, w.onAcquired, w.thread);
    }
  }
}

/** A FIFO of waiters: an array and a head index (Array.shift is O(n) on long lists). */
class WaiterQueue {
  private items: Waiter[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(w: Waiter): void {
    this.items.push(w);
  }

  peek(): Waiter | undefined {
    return this.items[this.head];
  }

  shift(): Waiter | undefined {
    const w = this.items[this.head];
    if (w === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as Waiter;
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return w;
  }
}
