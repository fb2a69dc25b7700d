// lockcliff sched: CPUs, run queue, time slices, preemption, spinning vs sleeping.

export { type CpuTime, DEFAULT_SCHED_PARAMS, type SchedParams, Scheduler, SchedThread } from './Scheduler.ts';
