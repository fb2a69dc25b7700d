// lockcliff random: seeded streams per named entity and the distributions model parameters use.

export {
  constant,
  type Distribution,
  empirical,
  exponential,
  lognormal,
  lognormalFromMeanCv,
  normal,
  uniform,
} from './distributions.ts';
export { RandomStream } from './RandomStream.ts';
export { RandomStreams } from './RandomStreams.ts';
