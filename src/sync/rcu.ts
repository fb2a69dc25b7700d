// RCU grace periods, as the mount code waits for them (umount ends with synchronize_rcu_expedited in
// namespace_unlock). An expedited grace period interrupts every online CPU (an IPI each, handled in
// parallel per rcu_node, collected by the initiator) so its length grows with the CPU count; a normal
// one waits for every CPU to pass a quiescent state (scheduler ticks). Grace periods run one at a
// time; a caller waits for the first grace period that *starts* after its call, and one grace
// period serves every caller that was waiting when it started (the kernel's sequence-number funnel).
// Sources: Linux kernel/rcu/tree_exp.h (synchronize_rcu_expedited, exp_funnel_lock); P. E. McKenney,
// "RCU Usage In the Linux Kernel: One Decade Later"; docs/validation.md §D (5,000 umounts
// ≈ 0.6 s with expedited grace periods on a 4-CPU VM, ≈ 100 s with normal ones).

import type { Ps } from '../core/index.ts';
import type { ResolvedParams } from './params.ts';
import type { LockDescriptor, SyncContext, SyncThread } from './types.ts';

export const RCU: LockDescriptor = {
  name: 'rcu',
  summary: 'RCU grace periods: expedited (IPI to every CPU, grows with CPU count) or normal; batched waiters',
  source: 'Linux kernel/rcu/tree_exp.h; McKenney 2013; docs/validation.md §D',
  kind: 'rcu',
  fairness: 'fifo',
  params: [
    {
      name: 'expeditedBase',
      default: '100us',
      unit: 'duration',
      doc: 'fixed cost of an expedited grace period (workqueue hand-off, funnel locks); 0.6 s / 5,000 umounts ≈ 120 µs on 4 CPUs',
      range: ['20us', '200us'],
    },
    {
      name: 'expeditedPerCpu',
      default: '5us',
      unit: 'duration',
      doc: 'added per online CPU (IPI delivery, handler, quiescent-state report); estimate',
      range: ['0.5us', '10us'],
    },
    {
      name: 'normal',
      default: '20ms',
      unit: 'duration',
      doc: 'a normal grace period: 100 s / 5,000 umounts ≈ 20 ms (validation §D)',
      range: ['4ms', '50ms'],
    },
    {
      name: 'ipiCost',
      default: '2us',
      unit: 'duration',
      doc: 'CPU time an expedited IPI takes from each interrupted CPU (for the scheduler); estimate',
      range: ['0.5us', '5us'],
    },
  ],
  stats: ['expeditedGracePeriods', 'normalGracePeriods', 'callers', 'ipis'],
};

interface Caller {
  readonly thread: SyncThread;
  readonly onDone: (thread: SyncThread) => void;
}

export class Rcu {
  readonly descriptor = RCU;
  readonly name: string;
  readonly stats = { expeditedGracePeriods: 0, normalGracePeriods: 0, callers: 0, ipis: 0 };
  /** Called for each CPU an expedited grace period interrupts, with the CPU time it takes (ps). */
  onIpi: ((cpu: number, costPs: Ps) => void) | null = null;
  private readonly ctx: SyncContext;
  private readonly params: ResolvedParams;
  private readonly queues = { expedited: [] as Caller[], normal: [] as Caller[] };
  private readonly running = { expedited: false, normal: false };

  constructor(ctx: SyncContext, name: string, params: ResolvedParams) {
    this.ctx = ctx;
    this.name = name;
    this.params = params;
  }

  /** Length of one expedited grace period on this machine (online CPUs). */
  expeditedPs(): Ps {
    const cpus = this.ctx.topology.onlineCpus().length;
    return (this.params.expeditedBase as number) + cpus * (this.params.expeditedPerCpu as number);
  }

  synchronizeExpedited(thread: SyncThread, onDone: (thread: SyncThread) => void): void {
    this.call('expedited', thread, onDone);
  }

  synchronize(thread: SyncThread, onDone: (thread: SyncThread) => void): void {
    this.call('normal', thread, onDone);
  }

  private call(kind: 'expedited' | 'normal', thread: SyncThread, onDone: (thread: SyncThread) => void): void {
    this.stats.callers++;
    this.queues[kind].push({ thread, onDone });
    if (!this.running[kind]) this.start(kind);
  }

  private start(kind: 'expedited' | 'normal'): void {
    const env = this.ctx.env;
    const batch = this.queues[kind];
    this.queues[kind] = [];
    this.running[kind] = true;
    let length: Ps;
    if (kind === 'expedited') {
      this.stats.expeditedGracePeriods++;
      length = this.expeditedPs();
      const cost = this.params.ipiCost as number;
      for (const cpu of this.ctx.topology.onlineCpus()) {
        this.stats.ipis++;
        this.onIpi?.(cpu, cost);
      }
    } else {
      this.stats.normalGracePeriods++;
      length = this.params.normal as number;
    }
    env.callWith(length, this.finish, { kind, batch });
  }

  private readonly finish = (gp: { kind: 'expedited' | 'normal'; batch: Caller[] }): void => {
    this.running[gp.kind] = false;
    for (const c of gp.batch) c.onDone(c.thread);
    if (this.queues[gp.kind].length > 0) this.start(gp.kind);
  };
}
