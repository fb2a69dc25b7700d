// lockcliff experiment: sweeps × seeds, the worker pool, cliff detection, sensitivity.

export { type CliffResult, type CliffRow, cliffOf, detectCliffs } from './cliffs.ts';
export { dispatchOrder, type PoolOptions, runTasks } from './pool.ts';
export { type BurstPoolOptions, runBursts } from './runBursts.ts';
export { runSweep, type SweepRequest, sweepSeeds } from './runSweep.ts';
export {
  parseParamRanges,
  runSensitivity,
  type SensitivityResult,
  type SensitivityRow,
} from './sensitivity.ts';
export {
  type Dimension,
  expandPoints,
  FIELD_ALIASES,
  joinedPoints,
  parseDimensions,
  parseVary,
  type SweepPoint,
} from './sweep.ts';
export {
  cliffJson,
  cliffsOf,
  groupKey,
  LOAD_FIELD,
  nonLoadFields,
  type SeriesMean,
  type SweepResults,
  type SweepRow,
  seriesKey,
  seriesMeans,
  variantKey,
} from './SweepResults.ts';
