// lockcliff experiment: sweeps × seeds, the worker pool, cliff detection, sensitivity.

export { type CliffResult, type CliffRow, cliffOf, detectCliffs } from './cliffs.ts';
export {
  describeCriterion,
  FAILURE_KINDS,
  type FailedBy,
  type FailureCriterion,
  type Verdict,
  type VerdictInput,
  verdictOf,
} from './FailureCriterion.ts';
export type { ContextField, MachineFacts, RunContext } from './RunContext.ts';
export { CONFIDENCES, type SearchOptions, type SearchRequest, SeriesSearch } from './cliffSearch.ts';
export { type BatchOptions, dispatchOrder, PoolAborted, type PoolOptions, runTasks, WorkerPool } from './pool.ts';
export { type BurstPoolOptions, openBurstPool, runBursts } from './runBursts.ts';
export { type CliffRequest, checkCliffSearch, parseLoadRange, runCliffSearch, runKey } from './runCliffSearch.ts';
export {
  parseShard,
  planSweep,
  runSweep,
  type Shard,
  type SweepPlan,
  type SweepRequest,
  sweepSeeds,
} from './runSweep.ts';
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
  cliffFromJson,
  cliffJson,
  cliffsOf,
  criterionOf,
  DEFAULT_PROBE_TIMEOUT_S,
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
