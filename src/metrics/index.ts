// lockcliff metrics: pure reducers (histograms, counters, fairness).

export { Histogram, jainFairness } from './Histogram.ts';
