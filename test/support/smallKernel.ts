// A mount subsystem on a small one-socket machine (cores of one L3 domain, no SMT), for tests that
// drive the kernel directly: the reference measurements' VMs, the avalanche threshold.

import { loadPreset, machineSpecOf } from '../../src/hw/index.ts';
import { type KernelThread, MountSubsystem, resolveKernelParams, schedParamsOf } from '../../src/kernel/index.ts';
import { buildMachine } from '../../src/sched/index.ts';

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
  const spec = {
    ...machineSpecOf(preset),
    layout: { sockets: 1, coresPerSocket: o.cpus, l3DomainsPerSocket: 1, threadsPerCore: 1 },
  };
  // Tests explore past the documented ranges on purpose (no background lookups, say).
  const params = resolveKernelParams(o.kernel, 'kernel', { allowOutOfRange: true });
  const machine = buildMachine(spec, {
    smt: true,
    seed: o.seed,
    sched: { ...schedParamsOf(params), slicePs: 3e9, wakeupPs: 5e6, contextSwitchPs: o.contextSwitchPs },
  });
  const { env, fabric } = machine;
  const sched = machine.sched!;
  const kernel = new MountSubsystem(machine, params, { mountinfoRuns: o.mountinfoRuns ?? true });
  const thread = (name: string): KernelThread => kernel.thread(name, 0);
  /**
   * Starts a process in which `t` writes: a mount_lock section of `holdPs`, then `gapPs` of other
   * work, again while `more(i)` holds for the i-th round; then it gives its CPU up.
   */
  const writer = (t: KernelThread, holdPs: number, gapPs: number, more: (i: number) => boolean): void => {
    env.process(
      (function* () {
        for (let i = 0; more(i); i++) {
          yield* kernel.mountLock.write(t, holdPs);
          yield* t.cpu(gapPs);
        }
        sched.yieldCpu(t.st);
      })(),
    );
  };
  return { env, sched, kernel, params, thread, writer, fabric };
}
