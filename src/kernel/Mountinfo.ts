// Reads of /proc/<pid>/mountinfo (fs/proc_namespace.c, seq_file): one namespace_sem read hold per
// page-sized `read()` chunk, until the end of the table as it is then (it may grow or shrink between
// chunks), then the reader's parse of every line.
//
// Runs of chunks: while nobody waits for namespace_sem, a chunk's down_read takes the fast path and
// changes nothing but the line, so a reader that holds its CPU goes through as many whole chunks as
// fit in its slice as one step — one event instead of one per chunk (a read can be thousands of
// chunks). Each boundary's up_read + down_read still reaches the semaphore's line, in arrival order
// with everyone else's requests: the line submits them lazily (`Line.defer`), when another request
// arrives or the run's end comes due. The next chunk starts when its down_read completes, as chunk by
// chunk, so a run's end moves later by its boundaries' latencies: the end event is scheduled for the
// run without them and re-armed until every boundary is in. A thread that queues for namespace_sem
// (a writer; a reader behind one) cuts every run at its next boundary, where the reader's down_read
// takes the slow path as it would chunk by chunk. The scheduler books the run's CPU time up front, so
// a run leaves one chunk of its slice for the boundaries' latencies, and is cut at its next boundary
// if they take more (chunk by chunk, a chunk that does not fit in the slice is where a waiting thread
// gets the CPU).

import { type Ps, SimError } from '../core/index.ts';
import type { Environment, Signal } from '../engine/index.ts';
import type { Scheduler } from '../sched/index.ts';
import { BoundaryQueue } from './BoundaryQueue.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';
import type { Body, KernelThread } from './KernelThread.ts';
import type { MountTable } from './MountTable.ts';
import type { NamespaceSem } from './NamespaceSem.ts';

/** seq_file fills one page per read() call (PAGE_SIZE on x86-64). */
export const MOUNTINFO_CHUNK_BYTES = 4096;

/**
 * A run of mountinfo chunks: the reader keeps its read hold across the chunk boundaries, whose
 * up_read + down_read are deferred requests on namespace_sem's line.
 */
interface ChunkRun {
  /** Called at the run's end with the token it was scheduled with; a stale token is ignored. */
  readonly end: (token: number) => void;
  cpu: number;
  /** CPU time of one chunk. */
  work: Ps;
  /** When the reader's slice ends. */
  sliceEnd: Ps;
  /** Chunks in the run (fewer after a cut). */
  chunks: number;
  /** Chunk boundaries not yet submitted to the line, and when the next one arrives (the chunk in progress ends). */
  left: number;
  next: Ps;
  /** The namespace_sem wait of the chunk in progress (its down_read's latency). */
  prevWait: Ps;
  token: number;
  /** For the boundary queue: start order and position. */
  order: number;
  slot: number;
}

export class Mountinfo {
  private readonly env: Environment;
  private readonly sched: Scheduler;
  private readonly ns: NamespaceSem;
  private readonly table: MountTable;
  private readonly params: KernelParams;
  private readonly counters: KernelCounters;
  private readonly chunkRuns: boolean;
  /** The least a chunk boundary can take: up_read and down_read hitting in this core's L1. */
  private readonly minBoundaryPs: Ps;
  /** Per thread, by sync id. */
  private readonly runs: ChunkRun[] = [];
  /** Runs with boundaries still to submit, earliest next boundary first. */
  private readonly boundaries = new BoundaryQueue<ChunkRun>();
  private runsStarted = 0;

  constructor(
    env: Environment,
    sched: Scheduler,
    ns: NamespaceSem,
    table: MountTable,
    params: KernelParams,
    counters: KernelCounters,
    o: { readonly chunkRuns: boolean; readonly l1HitPs: Ps },
  ) {
    this.env = env;
    this.sched = sched;
    this.ns = ns;
    this.table = table;
    this.params = params;
    this.counters = counters;
    this.chunkRuns = o.chunkRuns;
    this.minBoundaryPs = 2 * o.l1HitPs;
    if (this.chunkRuns) {
      ns.sem.line.defer({ flush: (t) => this.flushRuns(t) });
      ns.sem.onQueue = () => this.cutRuns();
    }
  }

  register(k: KernelThread): void {
    const run: ChunkRun = {
      end: (token) => {
        if (token === run.token && this.runEnded(run)) k.resume();
      },
      cpu: 0,
      work: 0,
      sliceEnd: 0,
      chunks: 0,
      left: 0,
      next: 0,
      prevWait: 0,
      token: 0,
      order: 0,
      slot: -1,
    };
    this.runs[k.sync.id] = run;
  }

  /** A full read of the host table by `k`, then its parse at `parsePerLine` per line. */
  *read(k: KernelThread, parsePerLine: Ps): Body {
    this.counters.mountinfoReads++;
    const chunkWork = MOUNTINFO_CHUNK_BYTES * this.params.mountinfoPerByte;
    const table = this.table;
    // The loop inlines NamespaceSem.read and KernelThread.cpu (same steps, no generator per chunk).
    for (let offset = 0, bytes = table.bytes; offset < bytes; offset += MOUNTINFO_CHUNK_BYTES, bytes = table.bytes) {
      const chunk = Math.min(MOUNTINFO_CHUNK_BYTES, bytes - offset);
      this.counters.mountinfoChunks++;
      const onCpu = k.onCpu(0);
      if (onCpu !== null) yield onCpu;
      const start = this.env.now;
      const wait = this.ns.request(k, false);
      if (wait !== null) yield wait;
      this.ns.acquired(k, start);
      const n = this.chunkRuns ? this.runLength(k, bytes - offset, chunkWork) : 0;
      if (n >= 2) {
        const done = yield* this.chunkRun(k, n, chunkWork);
        offset += (done - 1) * MOUNTINFO_CHUNK_BYTES;
        this.counters.mountinfoChunks += done - 1;
      } else {
        const work = k.onCpu(chunk * this.params.mountinfoPerByte);
        if (work !== null) yield work;
      }
      this.ns.readUnlock(k);
    }
    const parse = k.onCpu(table.size * parsePerLine);
    if (parse !== null) yield parse;
  }

  /**
   * How many whole chunks `k`, holding namespace_sem for read, can run as one step now (0: none):
   * those that fit in its slice with one chunk to spare for the boundaries' latencies.
   */
  private runLength(k: KernelThread, bytesLeft: number, work: Ps): number {
    if (this.ns.sem.waiting > 0 || work <= 0) return 0;
    const budget = this.sched.inlineBudget(k.st) - k.debt;
    return Math.min(Math.floor(bytesLeft / MOUNTINFO_CHUNK_BYTES), Math.floor(budget / work) - 1);
  }

  /**
   * `n` chunks of `work` ps as one step, from a down_read just granted. Returns the chunks done
   * (fewer than `n` when a waiter cut the run), still holding the last one.
   */
  private *chunkRun(k: KernelThread, n: number, work: Ps): Generator<Signal<unknown> | number, number, unknown> {
    const owed = k.debt;
    k.debt = 0;
    const total = owed + n * work;
    const run = this.runs[k.sync.id] as ChunkRun;
    const holder = this.ns.holder(k);
    run.sliceEnd = this.env.now + this.sched.inlineBudget(k.st);
    if (!this.sched.runInline(k.st, total))
      throw new SimError('a chunk run must fit in the slice', { where: 'kernel' });
    run.cpu = k.sync.cpu;
    run.work = work;
    run.chunks = n;
    run.left = n - 1;
    run.next = this.env.now + owed + work;
    run.prevWait = holder.waitedPs;
    run.token++;
    run.order = this.runsStarted++;
    this.boundaries.push(run);
    const g = k.gate();
    // The end if no boundary waits at the line (never late: re-armed when it comes early).
    this.env.callWith(total + (n - 1) * this.minBoundaryPs, run.end, run.token);
    yield g;
    this.ns.sem.countReadsAhead(run.chunks - 1);
    // readUnlock records the last chunk's hold.
    holder.waitedPs = run.prevWait;
    holder.acquiredAt = this.env.now - work;
    return run.chunks;
  }

  /** Submits the runs' chunk boundaries that arrive at or before `t`, earliest first (Line.defer). */
  private flushRuns(t: Ps): void {
    const queue = this.boundaries;
    const line = this.ns.sem.line;
    for (let r = queue.peek(); r !== undefined && r.next <= t; r = queue.peek()) {
      const at = r.next;
      line.touch(r.cpu, at, 0); // up_read
      const wait = line.touch(r.cpu, at, 0) - at; // down_read: the fast path, nobody queued
      this.ns.record(r.prevWait, r.work);
      r.prevWait = wait;
      r.next = at + wait + r.work;
      if (--r.left === 0) queue.remove(r);
      else queue.headMoved();
    }
  }

  /**
   * A run's end came due: submits the boundaries that arrived by now; true if the run is over, else
   * its end moved (boundary latencies) and is re-armed.
   */
  private runEnded(r: ChunkRun): boolean {
    const now = this.env.now;
    this.ns.sem.line.flush(now);
    let end = r.next + r.left * (r.work + this.minBoundaryPs);
    if (end < now) throw new SimError(`a chunk run's end came ${now - end} ps late`, { where: 'kernel' });
    if (end === now) return true;
    if (end > r.sliceEnd && r.left > 0) {
      // The latencies pushed the run past its slice: chunk by chunk, the scheduler would have had
      // its say at the next boundary. Cut the run there; the rest goes chunk by chunk.
      r.chunks -= r.left;
      r.left = 0;
      this.boundaries.remove(r);
      end = r.next;
    }
    this.env.callWith(end - now, r.end, r.token);
    return false;
  }

  /** Someone queues for namespace_sem: every run ends at its next boundary (its down_read would sleep). */
  private cutRuns(): void {
    const now = this.env.now;
    for (const r of this.boundaries.all()) {
      if (r.next <= now) throw new SimError('a chunk run boundary was not submitted in time', { where: 'kernel' });
      r.chunks -= r.left;
      r.left = 0;
      r.token++;
      this.env.callWith(r.next - now, r.end, r.token);
    }
    this.boundaries.clear();
  }
}
