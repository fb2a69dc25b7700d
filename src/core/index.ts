// lockcliff core: units (integer picoseconds), durations at the edge, ids and errors. Imports nothing.

export { type DurationContext, DURATION_UNITS, formatDuration, parseDuration } from './duration.ts';
export { type ErrorOrigin, InputError, invariant, SimError } from './errors.ts';
export { type Id, IdAllocator } from './ids.ts';
export {
  assertPs,
  MAX_PS,
  nsToPs,
  PS_PER_MS,
  PS_PER_NS,
  PS_PER_S,
  PS_PER_US,
  type Ps,
  psToNs,
  psToSeconds,
  secondsToPs,
} from './time.ts';
export {
  type ParamContext,
  type ParamSpec,
  type ParamUnit,
  type ParamValue,
  resolveParam,
  type SourcedParamSpec,
  VALUE_KINDS,
  type ValueKind,
} from './ParamSpec.ts';
