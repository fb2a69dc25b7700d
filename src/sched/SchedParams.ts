// The scheduler's parameters: descriptors (default, kind, source, range) and the resolved values.
// One place for both, so the scheduler, the kernel parameter table that includes them and the docs
// agree on every default and range.

import { type Ps, resolveParam, type SourcedParamSpec } from '../core/index.ts';

export const SCHED_PARAMS = [
  {
    name: 'slice',
    default: '3ms',
    unit: 'duration',
    kind: 'estimate',
    source: 'CFS/EEVDF: 0.75 ms base slice up to sched_latency-derived 3–12 ms on many CPUs',
    range: ['0.75ms', '12ms'],
    doc: 'scheduler time slice',
  },
  {
    name: 'wakeup',
    default: '5us',
    unit: 'duration',
    kind: 'estimate',
    source: 'wake-up to run on an idle CPU, 2–50 µs',
    range: ['2us', '50us'],
    doc: 'scheduler wake-up latency',
  },
  {
    name: 'contextSwitch',
    default: '2us',
    unit: 'duration',
    kind: 'estimate',
    source: 'direct cost of a Linux context switch on a server CPU, ≈ 1–3 µs; more with cache refill; estimate',
    range: ['1us', '10us'],
    doc: 'CPU time a thread pays each time it is dispatched onto a CPU',
  },
] as const satisfies readonly SourcedParamSpec[];

export interface SchedParams {
  readonly slicePs: Ps;
  readonly wakeupPs: Ps;
  readonly contextSwitchPs: Ps;
}

const defaultPs = (name: (typeof SCHED_PARAMS)[number]['name']): Ps => {
  const spec = SCHED_PARAMS.find((p) => p.name === name) as (typeof SCHED_PARAMS)[number];
  return resolveParam(spec, spec.default, { path: name }) as Ps;
};

export const DEFAULT_SCHED_PARAMS: SchedParams = {
  slicePs: defaultPs('slice'),
  wakeupPs: defaultPs('wakeup'),
  contextSwitchPs: defaultPs('contextSwitch'),
};
