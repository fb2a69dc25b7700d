// systemd as a watcher of the host's mount table: every mount event marks the table dirty; one
// thread rescans /proc/self/mountinfo until no event is pending (optionally at most `rateLimit`
// rescans per second, as current systemd's mount-event source). Its backlog is the time from a mount
// event to the end of the rescan that covers it (validation §D: 0.66 s per parse of 764 mounts).

import { type Ps, PS_PER_S } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { Body, KernelThread, MountSubsystem } from '../kernel/index.ts';
import type { BurstRecorder } from './BurstRecorder.ts';

export class Systemd {
  private readonly env: Environment;
  private readonly kernel: MountSubsystem;
  private readonly thread: KernelThread;
  private readonly recorder: BurstRecorder;
  /** Least time between two rescans (0: no rate limit). */
  private readonly minGapPs: Ps;
  /** The oldest mount event no rescan has started to cover, or −1. */
  private pendingSince = -1;
  /** The oldest mount event the rescan in progress covers, or −1. */
  private scanCovers = -1;
  private lastScan = Number.NEGATIVE_INFINITY;
  private busy = false;
  /** Called when systemd has caught up with every mount event (for the drain after the starts). */
  private onIdle: (() => void) | null = null;

  constructor(
    env: Environment,
    kernel: MountSubsystem,
    thread: KernelThread,
    rateLimitPerSecond: number | null,
    recorder: BurstRecorder,
  ) {
    this.env = env;
    this.kernel = kernel;
    this.thread = thread;
    this.recorder = recorder;
    this.minGapPs = rateLimitPerSecond === null ? 0 : Math.round(PS_PER_S / rateLimitPerSecond);
    kernel.syscalls.onMountEvent = () => {
      if (this.pendingSince < 0) this.pendingSince = env.now;
      if (!this.busy) env.process(this.rescan(), 'systemd');
    };
  }

  get catchingUp(): boolean {
    return this.busy;
  }

  /** Runs the simulation until systemd has caught up, or until `cap`. */
  drain(cap: Ps): void {
    const env = this.env;
    if (this.busy && env.now < cap) {
      const idle = env.signal('systemd caught up');
      this.onIdle = () => {
        if (!idle.triggered) idle.succeed();
      };
      env.schedule(cap - env.now, () => {
        if (!idle.triggered) idle.succeed();
      });
      env.run(idle);
    }
    // A rescan still running, or events still waiting for one, at the end: their backlog so far.
    for (const since of [this.scanCovers, this.pendingSince]) {
      if (since >= 0) this.recorder.systemdBacklog(env.now - since);
    }
  }

  private *rescan(): Body {
    const env = this.env;
    const sd = this.thread;
    this.busy = true;
    while (this.pendingSince >= 0) {
      const wait = Math.max(0, this.lastScan + this.minGapPs - env.now);
      if (wait > 0) {
        this.kernel.sched.yieldCpu(sd.st);
        yield wait;
      }
      const covers = this.pendingSince;
      this.scanCovers = covers;
      this.pendingSince = -1;
      this.lastScan = env.now;
      this.recorder.systemdReads++;
      yield* this.kernel.mountinfoRead(sd, this.kernel.params.systemdParsePerLine);
      this.recorder.systemdBacklog(env.now - covers);
      this.scanCovers = -1;
    }
    this.kernel.sched.yieldCpu(sd.st);
    this.busy = false;
    this.onIdle?.();
  }
}
