// lockcliff experiment: sweeps × seeds, the worker pool, cliff detection.

export { type CliffResult, type CliffRow, cliffOf, detectCliffs } from './cliffs.ts';
export { dispatchOrder, type PoolOptions, runTasks } from './pool.ts';
export { type Dimension, expandPoints, FIELD_ALIASES, parseVary, type SweepPoint } from './sweep.ts';
