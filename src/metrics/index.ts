// lockcliff metrics: pure reducers (histograms, counters, fairness, rates).

export { DecayedRate } from './DecayedRate.ts';
export { Histogram, jainFairness } from './Histogram.ts';
export {
  type BurstOutcome,
  fraction,
  type LockStatsLike,
  type LockSummary,
  type PropagationSummary,
  lockSummary,
  quantilesOf,
  seconds,
  secondsToMicros,
  smtLabel,
  smtWord,
  type Summary,
  summarise,
  WAIT_BUCKETS,
} from './BurstOutcome.ts';
