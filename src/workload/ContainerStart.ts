// One container start, as containerd + runc make it: the image's mount passes (the runtime strategy's
// syscalls; the first pass only reads user information from the image, so its overlay goes again),
// then `runc create`: the init's own mount namespace copied from the host table
// (`unshare(CLONE_NEWNS)`), runc's reads of the host's mountinfo while the init waits, the init's
// mounts inside its namespace, `pivot_root` and the detach of the old root — the window in which the
// namespace is a slave of the host's mounts — after which its workload starts and the start is
// recorded.

import type { Ps } from '../core/index.ts';
import type { Environment, Signal } from '../engine/index.ts';
import type { Body, KernelThread, MountSubsystem } from '../kernel/index.ts';
import type { BurstOptions } from './BurstOptions.ts';
import type { BurstRecorder } from './BurstRecorder.ts';
import type { ContainerWorkloads } from './ContainerWorkloads.ts';
import type { RuntimeStrategy } from './RuntimeStrategy.ts';

export interface StartContext {
  readonly env: Environment;
  readonly kernel: MountSubsystem;
  readonly o: BurstOptions;
  readonly strategy: RuntimeStrategy;
  readonly recorder: BurstRecorder;
  readonly workloads: ContainerWorkloads;
  /** Triggered when the last start completes. */
  readonly allStarted: Signal<unknown>;
}

/** The start of the container whose kernel thread is `t`, begun at `startedAt`. */
export function* containerStart(c: StartContext, t: KernelThread, startedAt: Ps): Body {
  const { env, kernel, o, recorder } = c;
  const sys = kernel.syscalls;
  const p = kernel.params;
  const attached = (): void => recorder.tableSize(kernel.table.size);
  for (let pass = 0; pass < o.passes; pass++) {
    yield* c.strategy.pass(sys, t, o.layers, o.runtime, attached);
    recorder.mountOps += c.strategy.mountOpsPerPass(o.layers);
    if (pass < o.passes - 1) yield* sys.umount(t, 'overlay', o.runtime);
  }
  // runc create: its init enters a new mount namespace first (nsexec), copied from the host table —
  // a slave namespace of the host's shared mounts until its old root is detached — and waits while
  // the parent applies cgroups: runc's cgroup mount lookups, reads of the host's mountinfo from the
  // host namespace (validation §D: 72–116 reads per run). Then the init mounts the container's
  // filesystems, pivots and detaches the old root (runc libcontainer: nsexec.c, process_linux.go,
  // rootfs_linux.go). One thread plays the parent and the child in turn, as they wait for each other.
  const window = yield* sys.unshareMountNs(t);
  for (let r = 0; r < p.runtimeMountinfoReads; r++) {
    const readStart = env.now;
    recorder.runtimeReads++;
    yield* kernel.mountinfoRead(t, p.parsePerLine);
    recorder.mountinfoRead(env.now - readStart);
  }
  for (let m = 0; m < p.initMounts; m++) yield* sys.initMount(t);
  yield* sys.pivotAndDetach(t, window);
  kernel.table.other += p.mountsPerContainer;
  recorder.tableSize(kernel.table.size);
  c.workloads.start(t.name);
  recorder.started(env.now - startedAt, o.deadlinePs);
  if (recorder.startsCompleted === o.containers && !c.allStarted.triggered) c.allStarted.succeed();
  kernel.sched.yieldCpu(t.st);
}
