// The ceiling the engine is measured against in the same run: the M/M/1 model as a single-purpose
// loop written for speed. At most one arrival and one departure are ever pending, so the "event
// queue" is two numbers and a comparison; no processes, no payloads, no allocation per event. The
// random draws are the engine model's own (same streams, same order), so both serve the same
// customers and the difference is the engine's cost alone.

import { RandomStreams } from '../../src/random/index.ts';

export function runMm1Handwritten(arrivalMeanPs: number, serviceMeanPs: number, horizonPs: number, seed = 1) {
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  let nextArrival = Math.round(arrivals.exponential(arrivalMeanPs));
  let nextDeparture = Number.POSITIVE_INFINITY;
  let inSystem = 0;
  let served = 0;
  let events = 0;
  const started = performance.now();
  while (true) {
    // Ties go to the departure: the engine schedules the server's resume before the source's.
    if (nextDeparture <= nextArrival) {
      if (nextDeparture >= horizonPs) break;
      const now = nextDeparture;
      events++;
      served++;
      nextDeparture = --inSystem > 0 ? now + Math.round(service.exponential(serviceMeanPs)) : Number.POSITIVE_INFINITY;
    } else {
      if (nextArrival >= horizonPs) break;
      const now = nextArrival;
      events++;
      if (++inSystem === 1) nextDeparture = now + Math.round(service.exponential(serviceMeanPs));
      nextArrival = now + Math.round(arrivals.exponential(arrivalMeanPs));
    }
  }
  return { served, events, wallSeconds: (performance.now() - started) / 1000 };
}
