// Health probes (kubelet's, or a node agent's): every `period`, a few path lookups and one read of the
// host's mountinfo; a probe that takes longer than `timeout` has timed out (kubelet would mark the
// node unhealthy). A probe still running when the next is due is not doubled: the next starts when
// it is done. The first comes 1 s into the burst (or one period, if shorter).

import { type Ps, PS_PER_S } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { Body, KernelThread, MountSubsystem } from '../kernel/index.ts';
import type { BurstRecorder } from './BurstRecorder.ts';

/** The first probe's delay, unless the period is shorter. */
const FIRST_PROBE_PS: Ps = PS_PER_S;

export interface ProbeOptions {
  readonly periodPs: Ps;
  readonly timeoutPs: Ps;
  readonly lookups: number;
}

export class HealthProber {
  private readonly env: Environment;
  private readonly kernel: MountSubsystem;
  private readonly thread: KernelThread;
  private readonly o: ProbeOptions;
  private readonly recorder: BurstRecorder;
  private running = false;
  private began = 0;
  private stopped = false;
  /** Whether the running probe has been counted as timed out already. */
  private counted = false;
  /** Called when a probe passes its timeout, if set (a run that stops at its first failure). */
  onTimeout: (() => void) | null = null;

  constructor(
    env: Environment,
    kernel: MountSubsystem,
    thread: KernelThread,
    o: ProbeOptions,
    recorder: BurstRecorder,
  ) {
    this.env = env;
    this.kernel = kernel;
    this.thread = thread;
    this.o = o;
    this.recorder = recorder;
  }

  /** Schedules the probes. */
  start(): void {
    this.env.schedule(Math.min(this.o.periodPs, FIRST_PROBE_PS), this.tick);
  }

  /** No more probes (the drain after the last start); a probe stuck past its timeout now counts as one. */
  stop(): void {
    this.stopped = true;
    if (!this.running) return;
    this.timedOut();
    this.recorder.probe(this.env.now - this.began);
  }

  /** Counts the running probe's timeout once, if it has passed it. */
  private timedOut(): void {
    if (this.counted || this.env.now - this.began <= this.o.timeoutPs) return;
    this.counted = true;
    this.recorder.probeTimeouts++;
    this.onTimeout?.();
  }

  /** The moment the probe begun at `began` passes its timeout: it fails then, whenever it ends. */
  private readonly watch = (began: number): void => {
    if (this.running && this.began === began) this.timedOut();
  };

  private readonly tick = (): void => {
    if (this.stopped) return;
    if (!this.running) this.env.process(this.probe(), 'probe');
    this.env.schedule(this.o.periodPs, this.tick);
  };

  private *probe(): Body {
    const env = this.env;
    this.running = true;
    const began = env.now;
    this.began = began;
    this.counted = false;
    this.recorder.probes++;
    if (this.onTimeout !== null) this.env.callWith(this.o.timeoutPs + 1, this.watch, began);
    for (let i = 0; i < this.o.lookups; i++) yield* this.kernel.lookup(this.thread);
    const readStart = env.now;
    yield* this.kernel.mountinfoRead(this.thread, this.kernel.params.parsePerLine);
    this.recorder.mountinfoRead(env.now - readStart);
    this.timedOut();
    this.recorder.probe(env.now - began);
    this.kernel.sched.yieldCpu(this.thread.st);
    this.running = false;
  }
}
