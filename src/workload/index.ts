// lockcliff workload: what drives the locks and the kernel model — lockbench today; container-start
// bursts, background readers and trace replay as they land.

export { type LockbenchMachine, type LockbenchOptions, type LockbenchRow, runLockbench } from './lockbench.ts';
export {
  type BurstMachine,
  type BurstOptions,
  type BurstOutcome,
  type LockSummary,
  runBurst,
  STRATEGIES,
  type Strategy,
  type Summary,
  WAIT_BUCKETS,
} from './burst.ts';
