// A machine to simulate on: the environment, the topology with SMT on or off, the seeded streams, the
// line-transfer latencies, the coherence fabric and (optionally) the CPU scheduler, built in one place
// from a machine description (a preset's layout, latencies and line parameters). Bursts, lockbench
// and the tests all start from here.

import { Environment } from '../engine/index.ts';
import { Coherence, LatencyModel, type MachineSpec, MemoryHierarchy, Topology } from '../hw/index.ts';
import { type RandomStream, RandomStreams } from '../random/index.ts';
import { Scheduler } from './Scheduler.ts';
import type { SchedParams } from './SchedParams.ts';

export interface MachineOptions {
  readonly smt: boolean;
  readonly seed: string;
  /** The scheduler's parameters; without them the machine has no scheduler (threads pinned, lockbench). */
  readonly sched?: SchedParams;
  /** The event queue's initial capacity (a hint). */
  readonly initialEvents?: number;
}

export interface Machine {
  readonly spec: MachineSpec;
  readonly env: Environment;
  readonly streams: RandomStreams;
  readonly topology: Topology;
  readonly latency: LatencyModel;
  readonly fabric: Coherence;
  /** What pointer-chasing walks pay per node (mount propagation, umount_tree). */
  readonly memory: MemoryHierarchy;
  readonly sched: Scheduler | null;
  /** The machine as locks see it (a `SyncContext`). */
  readonly ctx: {
    readonly env: Environment;
    readonly fabric: Coherence;
    readonly topology: Topology;
    readonly stream: (name: string) => RandomStream;
  };
}

/** The stream the coherence fabric draws from (spinners' re-read points). */
const COHERENCE_STREAM = 'coherence';

export function buildMachine(spec: MachineSpec, o: MachineOptions): Machine {
  const env = new Environment(o.initialEvents === undefined ? {} : { initialCapacity: o.initialEvents });
  const streams = new RandomStreams(o.seed);
  const topology = new Topology(spec.layout, o.smt);
  const latency = new LatencyModel(topology, spec.latency);
  const fabric = new Coherence(env, latency, spec.coherence, streams.stream(COHERENCE_STREAM));
  const memory = new MemoryHierarchy(spec.memory, topology);
  const sched = o.sched === undefined ? null : new Scheduler(env, topology.onlineCpus(), o.sched);
  const ctx = { env, fabric, topology, stream: (name: string) => streams.stream(name) };
  return { spec, env, streams, topology, latency, fabric, memory, sched, ctx };
}
