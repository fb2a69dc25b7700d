// CNA, the compact NUMA-aware lock, as the qspinlock slow path: when the queue head passes headship
// on, it looks down the main queue for a waiter on its own socket (reading each node it passes) and
// moves the waiters it skips to a secondary queue; when no local waiter is left, or the lock has
// stayed on one socket longer than the threshold, the secondary queue goes first again. Sources:
// D. Dice and A. Kogan, "Compact NUMA-aware locks", EuroSys 2019; the Linux patch series "Add
// NUMA-awareness to qspinlock" (A. Kogan, v15, 2021; time-based threshold, 10 ms by default).
//
// The order decisions are made on the queue as the algorithm sees it; every pointer read and write
// they need is an operation on the waiters' node lines.

import type { Ps } from '../core/index.ts';
import type { Line } from '../hw/index.ts';
import type { ResolvedParams } from './params.ts';
import { QSPINLOCK, QspinLock, TAIL_UNIT } from './qspinlock.ts';
import type { LockDescriptor, SyncContext, SyncThread, WordLocation } from './types.ts';

export const CNA: LockDescriptor = {
  name: 'cna',
  summary: 'CNA: qspinlock whose queue head prefers a successor on its own socket (secondary queue)',
  source: 'Dice & Kogan, EuroSys 2019; Linux "Add NUMA-awareness to qspinlock" v15 (A. Kogan, 2021)',
  kind: 'exclusive',
  fairness: 'numa-fifo',
  params: [
    {
      name: 'threshold',
      default: '10ms',
      unit: 'duration',
      doc: 'how long the lock may stay on one socket while others wait before the secondary queue is flushed',
      range: ['1ms', '100ms'],
    },
  ],
  stats: [...QSPINLOCK.stats, 'localHandoffs', 'remoteHandoffs', 'movedToSecondary', 'flushes'],
};

const NODE_LOCKED = 0;
const NODE_NEXT = 1;
const NONE = -1;

export class CnaLock extends QspinLock {
  override readonly descriptor = CNA;
  override readonly stats = {
    acquisitions: 0,
    fastPath: 0,
    pendingPath: 0,
    queued: 0,
    localHandoffs: 0,
    remoteHandoffs: 0,
    movedToSecondary: 0,
    flushes: 0,
  };
  private readonly thresholdPs: number;
  /** Thread ids in the secondary queue, oldest first. */
  private secondary: number[] = [];
  /** When the secondary queue last became non-empty. */
  private secondarySince = 0;

  constructor(ctx: SyncContext, name: string, params: ResolvedParams, word?: WordLocation) {
    super(ctx, name, params, word);
    this.thresholdPs = params.threshold as number;
  }

  private socketOfId(id: number): number {
    return this.ctx.topology.socketOf((this.threads[id] as SyncThread).cpu);
  }

  protected override passHeadship(thread: SyncThread, next: number, t: Ps): void {
    const env = this.ctx.env;
    const mine = this.ctx.topology.socketOf(thread.cpu);
    const overdue = this.secondary.length > 0 && env.now - this.secondarySince > this.thresholdPs;
    let time = t;
    if (!overdue) {
      // Scan the main queue for a waiter on this socket, reading each node passed.
      let candidate = next;
      const skipped: number[] = [];
      while (candidate !== NONE && this.socketOfId(candidate) !== mine) {
        skipped.push(candidate);
        const node = this.nodes[candidate] as Line;
        time = node.read(thread.cpu, time, NODE_NEXT);
        candidate = node.values[NODE_NEXT] as number;
      }
      if (candidate !== NONE) {
        if (skipped.length > 0) {
          // Detach the skipped run and append it to the secondary queue.
          const lastSkipped = skipped[skipped.length - 1] as number;
          time = (this.nodes[lastSkipped] as Line).write(thread.cpu, time, NODE_NEXT, NONE);
          const secondaryTail = this.secondary.at(-1);
          if (secondaryTail !== undefined)
            time = (this.nodes[secondaryTail] as Line).write(thread.cpu, time, NODE_NEXT, skipped[0] as number);
          else this.secondarySince = env.now;
          this.secondary.push(...skipped);
          this.stats.movedToSecondary += skipped.length;
        }
        this.stats.localHandoffs++;
        (this.nodes[candidate] as Line).write(thread.cpu, time, NODE_LOCKED, 1);
        return;
      }
    }
    if (this.secondary.length > 0) {
      // Flush: the secondary queue goes first, then the rest of the main queue.
      this.stats.flushes++;
      const head = this.secondary[0] as number;
      const tail = this.secondary.at(-1) as number;
      time = (this.nodes[tail] as Line).write(thread.cpu, time, NODE_NEXT, next);
      this.secondary = [];
      this.handTo(thread, head, mine, time);
      return;
    }
    this.handTo(thread, next, mine, time);
  }

  private handTo(thread: SyncThread, id: number, mine: number, t: Ps): void {
    if (this.socketOfId(id) === mine) this.stats.localHandoffs++;
    else this.stats.remoteHandoffs++;
    (this.nodes[id] as Line).write(thread.cpu, t, NODE_LOCKED, 1);
  }

  protected override tailWhenLast(): number {
    const tail = this.secondary.at(-1);
    return tail === undefined ? 0 : (tail + 1) * TAIL_UNIT;
  }

  protected override afterLastHandoff(thread: SyncThread, t: Ps): void {
    // The head was last in the main queue: the secondary queue becomes the queue.
    const head = this.secondary[0] as number;
    this.secondary = [];
    this.stats.flushes++;
    this.handTo(thread, head, this.ctx.topology.socketOf(thread.cpu), t);
  }
}
