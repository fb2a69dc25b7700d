// Per-thread MCS queue nodes (MCS, qspinlock, CNA): one line each, fields `locked` and `next`, homed
// on the socket of the thread that first queues with it (per-CPU qnodes in Linux).

import type { Line } from '../hw/index.ts';
import type { SyncContext, SyncThread } from './types.ts';

export class QueueNodes {
  readonly lines: Line[] = [];
  readonly threads: SyncThread[] = [];
  private readonly ctx: SyncContext;
  private readonly lockName: string;

  constructor(ctx: SyncContext, lockName: string) {
    this.ctx = ctx;
    this.lockName = lockName;
  }

  /** The node of `thread`, created on first use. */
  of(thread: SyncThread): Line {
    let node = this.lines[thread.id];
    if (node === undefined) {
      node = this.ctx.fabric.line(`${this.lockName}.node.${thread.id}`, {
        fields: ['locked', 'next'],
        homeSocket: this.ctx.topology.socketOf(thread.cpu),
      });
      this.lines[thread.id] = node;
      this.threads[thread.id] = thread;
    }
    return node;
  }

  /** The nodes created so far. */
  created(): Line[] {
    return this.lines.filter((n) => n !== undefined);
  }
}
