// lockcliff metrics: pure reducers (histograms, counters, fairness, rates).

export { DecayedRate } from './DecayedRate.ts';
export { Histogram, jainFairness } from './Histogram.ts';
