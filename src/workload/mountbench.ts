// mountbench: the propagation probe's sequence (docs/kernel.md *Mount propagation*) simulated on any
// machine. Setup, not timed: P layer clones attached under the layers' mount (peers of it, or private
// as containerd ≥ 2.3 makes them) and K slave namespaces. Then, one container after another, each of
// `layers` layers is cloned, idmapped and attached (open_tree + mount_setattr + move_mount: one
// `attach` sample), and then each is unmounted (one `umount` sample). What a planner asks: what does a
// mount cost on a machine I do not own, with this many peers and slave namespaces?

import { InputError, type Ps, PS_PER_US } from '../core/index.ts';
import type { MachineSpec } from '../hw/index.ts';
import { type KernelParams, MountSubsystem, type RuntimeMounts, schedParamsOf } from '../kernel/index.ts';
import { Histogram } from '../metrics/index.ts';
import { buildMachine } from '../sched/index.ts';

export interface MountbenchOptions {
  readonly machine: MachineSpec;
  readonly smt: boolean;
  /** P: clones attached in the layers' peer group before the timed sequence (private ones with clonePropagation private). */
  readonly peers: number;
  /** K: slave namespaces (they replace the kernel's serviceNamespaces). */
  readonly slaveNamespaces: number;
  readonly runtime: RuntimeMounts;
  readonly layers: number;
  readonly containers: number;
  /** Kernel parameters (serviceNamespaces and leakedTempMounts are set from `slaveNamespaces` and 0). */
  readonly kernel: KernelParams;
  readonly seed: string;
}

export interface MountbenchRow {
  /** `attach`: open_tree + mount_setattr + move_mount of one layer; `umount`: its umount2. */
  readonly op: 'attach' | 'umount';
  readonly n: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly meanUs: number;
}

/** Mounts in the probe's private namespace before it adds any (its scratch tmpfs and the system's). */
const PROBE_BASE_MOUNTS = 21;

const us = (ps: number): number => Math.round((ps / PS_PER_US) * 10) / 10;

function row(op: MountbenchRow['op'], h: Histogram): MountbenchRow {
  return { op, n: h.count, p50Us: us(h.quantile(0.5)), p90Us: us(h.quantile(0.9)), meanUs: us(h.mean) };
}

export function runMountbench(o: MountbenchOptions): MountbenchRow[] {
  for (const [name, v] of [
    ['peers', o.peers],
    ['slaveNamespaces', o.slaveNamespaces],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 0))
      throw new InputError(`${name} must be a non-negative integer`, { path: name });
  }
  for (const [name, v] of [
    ['layers', o.layers],
    ['containers', o.containers],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new InputError(`${name} must be a positive integer`, { path: name });
  }
  const kernel: KernelParams = {
    ...o.kernel,
    serviceNamespaces: o.slaveNamespaces,
    leakedTempMounts: 0,
    hostMounts: PROBE_BASE_MOUNTS,
  };
  const m = buildMachine(o.machine, { smt: o.smt, seed: o.seed, sched: schedParamsOf(kernel) });
  const k = new MountSubsystem(m, kernel);
  // Setup: P clones attached under the layers' mount (children of its parent; peers unless private).
  for (let i = 0; i < o.peers; i++) {
    k.table.attachLayer();
    if (o.runtime.clonePropagation === 'peer') k.propagation.joined();
  }
  const attach = new Histogram();
  const umount = new Histogram();
  const t = k.thread('probe', m.topology.onlineCpus()[0] as number);
  const sys = k.syscalls;
  const env = m.env;
  env.process(
    (function* () {
      for (let c = 0; c < o.containers; c++) {
        for (let l = 0; l < o.layers; l++) {
          const t0: Ps = env.now;
          yield* sys.openTree(t);
          yield* sys.mountSetattr(t, o.runtime);
          yield* sys.moveMount(t, o.runtime);
          attach.record(env.now - t0);
        }
        for (let l = 0; l < o.layers; l++) {
          const t0: Ps = env.now;
          yield* sys.umount(t, 'bind', o.runtime);
          umount.record(env.now - t0);
        }
      }
      k.sched.yieldCpu(t.st);
    })(),
    'probe',
  );
  env.run();
  return [row('attach', attach), row('umount', umount)];
}
