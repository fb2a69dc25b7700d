// The chunk runs of mountinfo reads whose next boundary is still to be submitted, ordered by that
// boundary's arrival time (ties: the run that started first). An indexed binary heap: the line asks
// for the earliest boundary on every request, and a run leaves when its last boundary is in or it
// is cut.

import type { Ps } from '../core/index.ts';

export interface QueuedRun {
  /** Arrival of the run's next boundary. */
  next: Ps;
  /** Start order, for ties. */
  order: number;
  /** Position in the queue, or −1. */
  slot: number;
}

export class BoundaryQueue<R extends QueuedRun> {
  private readonly heap: R[] = [];

  get size(): number {
    return this.heap.length;
  }

  /** The run with the earliest next boundary. */
  peek(): R | undefined {
    return this.heap[0];
  }

  /** The runs in the queue, in no particular order. */
  all(): readonly R[] {
    return this.heap;
  }

  push(r: R): void {
    r.slot = this.heap.length;
    this.heap.push(r);
    this.up(r.slot);
  }

  /** Restores the order after the head's `next` moved later. */
  headMoved(): void {
    this.down(0);
  }

  remove(r: R): void {
    const i = r.slot;
    if (i < 0) return;
    const last = this.heap.pop() as R;
    r.slot = -1;
    if (last === r) return;
    this.heap[i] = last;
    last.slot = i;
    this.down(i);
    this.up(last.slot);
  }

  clear(): void {
    for (const r of this.heap) r.slot = -1;
    this.heap.length = 0;
  }

  private less(a: R, b: R): boolean {
    return a.next < b.next || (a.next === b.next && a.order < b.order);
  }

  private up(i: number): void {
    const h = this.heap;
    const r = h[i] as R;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as R;
      if (!this.less(r, parent)) break;
      h[i] = parent;
      parent.slot = i;
      i = p;
    }
    h[i] = r;
    r.slot = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    if (i >= n) return;
    const r = h[i] as R;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const right = c + 1;
      if (right < n && this.less(h[right] as R, h[c] as R)) c = right;
      const child = h[c] as R;
      if (!this.less(child, r)) break;
      h[i] = child;
      child.slot = i;
      i = c;
    }
    h[i] = r;
    r.slot = i;
  }
}
