// lockcliff sched: CPUs, run queue, time slices, preemption, spinning vs sleeping; the machine a
// simulation runs on (environment, topology, streams, latency, coherence, scheduler).

export { buildMachine, type Machine, type MachineOptions } from './Machine.ts';
export { type CpuTime, Scheduler, SchedThread } from './Scheduler.ts';
export { DEFAULT_SCHED_PARAMS, SCHED_PARAMS, type SchedParams } from './SchedParams.ts';
