// What runs besides the burst: each started container's workload — its path lookups join the
// aggregated readers, and a thread uses `containerCpuLoad` of a CPU, time-sharing with the burst —
// and, when `backgroundCompetes` is on, the background load as CPU-bound threads.

import { type Ps, PS_PER_MS, PS_PER_S } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { MountSubsystem } from '../kernel/index.ts';
import type { RandomStream } from '../random/index.ts';
import type { Scheduler } from '../sched/index.ts';

/** A workload thread is busy `containerCpuLoad` of every period (a typical CFS accounting window). */
const WORKLOAD_PERIOD_PS: Ps = 10 * PS_PER_MS;

/** A CPU-bound background thread asks for work in bursts this long (it never sleeps). */
const HOG_BURST_PS: Ps = PS_PER_S;

export class ContainerWorkloads {
  private readonly env: Environment;
  private readonly sched: Scheduler;
  private readonly kernel: MountSubsystem;
  /** Each workload's phase within its period. */
  private readonly phase: RandomStream;
  /** After the last start only systemd is followed (the drain): the workloads stop there. */
  private stopped = false;

  constructor(env: Environment, sched: Scheduler, kernel: MountSubsystem, phase: RandomStream) {
    this.env = env;
    this.sched = sched;
    this.kernel = kernel;
    this.phase = phase;
  }

  /** The background load as CPU-bound threads that time-share with the burst. */
  competeForCpus(): void {
    const hogs = Math.round(this.sched.cpus.length * this.kernel.params.backgroundLoad);
    for (let i = 0; i < hogs; i++) {
      const t = this.sched.thread(`background-${i}`);
      const loop = (): void => this.sched.run(t, HOG_BURST_PS, loop);
      this.env.schedule(0, loop);
    }
  }

  /** The workload of the container `name`, which has just started. */
  start(name: string): void {
    const p = this.kernel.params;
    this.kernel.lookups.addSource(p.containerLookups);
    const load = Math.min(1, p.containerCpuLoad);
    if (load <= 0) return;
    const sched = this.sched;
    const t = sched.thread(`${name}/workload`);
    const busy = Math.max(1, Math.round(WORKLOAD_PERIOD_PS * load));
    const cycle = (): void => {
      if (this.stopped) {
        sched.yieldCpu(t);
        return;
      }
      sched.run(t, busy, () => {
        if (busy >= WORKLOAD_PERIOD_PS) {
          cycle();
          return;
        }
        sched.sleep(t);
        sched.wake(t, 0, cycle, WORKLOAD_PERIOD_PS - busy);
      });
    };
    this.env.callWith(Math.round(this.phase.next() * WORKLOAD_PERIOD_PS), cycle, null);
  }

  stop(): void {
    this.stopped = true;
  }
}
