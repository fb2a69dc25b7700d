// A mount subsystem on a small one-socket machine (cores of one L3 domain, no SMT), for tests that
// drive the kernel directly: the reference measurements' VMs, the avalanche threshold.

import { loadPreset } from '../../src/cli/models.ts';
import { Environment } from '../../src/engine/index.ts';
import { Coherence, coherenceParamsOf, LatencyModel, latencyParamsOf, Topology } from '../../src/hw/index.ts';
import { type KThread, MountSubsystem, resolveKernelParams } from '../../src/kernel/index.ts';
import { RandomStreams } from '../../src/random/index.ts';
import { Scheduler } from '../../src/sched/index.ts';
import { SeqLock } from '../../src/sync/index.ts';

export interface SmallKernelOptions {
  readonly cpus: number;
  /** Preset whose latencies and line parameters the machine borrows (its same-L3 class applies). */
  readonly preset: string;
  readonly kernel: Record<string, string>;
  readonly seed: string;
  readonly contextSwitchPs: number;
  /** MountSubsystemOptions.mountinfoRuns (default true). */
  readonly mountinfoRuns?: boolean;
}

export function smallKernel(o: SmallKernelOptions) {
  const preset = loadPreset(o.preset);
  const topology = new Topology({ sockets: 1, coresPerSocket: o.cpus, l3DomainsPerSocket: 1, threadsPerCore: 1 });
  const env = new Environment();
  const streams = new RandomStreams(o.seed);
  const latency = new LatencyModel(topology, latencyParamsOf(preset));
  const fabric = new Coherence(env, latency, coherenceParamsOf(preset), streams.stream('c'));
  const ctx = { env, fabric, topology, stream: (n: string) => streams.stream(n) };
  const params = resolveKernelParams(o.kernel);
  const sched = new Scheduler(env, topology.onlineCpus(), {
    slicePs: 3e9,
    wakeupPs: 5e6,
    contextSwitchPs: o.contextSwitchPs,
  });
  const mountLock = new SeqLock(ctx, 'mount_lock', { layout: 'shared-line', spinlock: 'qspinlock' });
  const kernel = new MountSubsystem(ctx, sched, latency, params, mountLock, streams.stream('k'), {
    mountinfoRuns: o.mountinfoRuns ?? true,
  });
  let ids = 0;
  const thread = (name: string): KThread =>
    kernel.register({ st: sched.thread(name), sync: { id: ids++, cpu: 0, name } });
  /**
   * Starts a process in which `t` writes: a mount_lock section of `holdPs`, then `gapPs` of other
   * work, again while `more(i)` holds for the i-th round; then it gives its CPU up.
   */
  const writer = (t: KThread, holdPs: number, gapPs: number, more: (i: number) => boolean): void => {
    env.process(
      (function* () {
        for (let i = 0; more(i); i++) {
          yield* kernel.mountLockWrite(t, holdPs);
          yield* kernel.cpu(t, gapPs);
        }
        sched.yieldCpu(t.st);
      })(),
    );
  };
  return { env, sched, kernel, params, thread, writer, fabric };
}
