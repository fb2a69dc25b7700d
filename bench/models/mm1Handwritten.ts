// The reference the engine is measured against in the same run: the M/M/1 model as a hand-written,
// single-purpose event loop (a two-kind binary heap on typed arrays, no processes, no payloads).
// It shows what this machine can do at best, so the engine's figure can be read as a fraction of it.

import { RandomStreams } from '../../src/random/index.ts';

export function runMm1Handwritten(arrivalMeanPs: number, serviceMeanPs: number, horizonPs: number, seed = 1) {
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  const heapTime = new Float64Array(4);
  const heapKind = new Int32Array(4); // 0 arrival, 1 departure; at most one of each is pending
  let size = 0;
  const push = (time: number, kind: number): void => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heapTime[parent] as number) <= time) break;
      heapTime[i] = heapTime[parent] as number;
      heapKind[i] = heapKind[parent] as number;
      i = parent;
    }
    heapTime[i] = time;
    heapKind[i] = kind;
  };
  const pop = (): number => {
    const kind = heapKind[0] as number;
    const time = heapTime[--size] as number;
    const lastKind = heapKind[size] as number;
    let i = 0;
    while (2 * i + 1 < size) {
      let child = 2 * i + 1;
      if (child + 1 < size && (heapTime[child + 1] as number) < (heapTime[child] as number)) child++;
      if (time <= (heapTime[child] as number)) break;
      heapTime[i] = heapTime[child] as number;
      heapKind[i] = heapKind[child] as number;
      i = child;
    }
    heapTime[i] = time;
    heapKind[i] = lastKind;
    return kind;
  };
  let now = 0;
  let inSystem = 0;
  let served = 0;
  let events = 0;
  push(Math.round(arrivals.exponential(arrivalMeanPs)), 0);
  const started = performance.now();
  while (size > 0 && (heapTime[0] as number) < horizonPs) {
    now = heapTime[0] as number;
    const kind = pop();
    events++;
    if (kind === 0) {
      if (++inSystem === 1) push(now + Math.round(service.exponential(serviceMeanPs)), 1);
      push(now + Math.round(arrivals.exponential(arrivalMeanPs)), 0);
    } else {
      served++;
      if (--inSystem > 0) push(now + Math.round(service.exponential(serviceMeanPs)), 1);
    }
  }
  return { served, events, wallSeconds: (performance.now() - started) / 1000 };
}
