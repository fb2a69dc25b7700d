// lockcliff workload: what drives the locks and the kernel model — lockbench, and container-start
// bursts (runtime strategies, container starts, their workloads, systemd, health probes).

export { type Arrival, type BurstOptions, burstCost, checkBurstOptions } from './BurstOptions.ts';
export { BurstRecorder } from './BurstRecorder.ts';
export { HealthProber, type ProbeOptions } from './HealthProber.ts';
export { Systemd } from './Systemd.ts';
export { runBurst } from './burst.ts';
export { type LockbenchOptions, type LockbenchRow, runLockbench } from './lockbench.ts';
export { reduceBurst } from './reduceBurst.ts';
export { RUNTIME_STRATEGIES, type RuntimeStrategy, STRATEGIES, type Strategy, strategyOf } from './RuntimeStrategy.ts';
export { type MountbenchOptions, type MountbenchRow, runMountbench } from './mountbench.ts';
