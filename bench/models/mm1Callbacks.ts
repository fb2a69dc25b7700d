// The M/M/1 model on the engine's callback path (`env.schedule`), without generator processes: the
// engine's own cost (heap, payloads, dispatch) with the cost of resuming generators taken out.

import { Environment } from '../../src/engine/index.ts';
import { RandomStreams } from '../../src/random/index.ts';

export function runMm1Callbacks(arrivalMeanPs: number, serviceMeanPs: number, horizonPs: number, seed = 1) {
  const env = new Environment();
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  let inSystem = 0;
  let served = 0;
  const departure = (): void => {
    served++;
    if (--inSystem > 0) env.schedule(Math.round(service.exponential(serviceMeanPs)), departure);
  };
  const arrival = (): void => {
    if (++inSystem === 1) env.schedule(Math.round(service.exponential(serviceMeanPs)), departure);
    env.schedule(Math.round(arrivals.exponential(arrivalMeanPs)), arrival);
  };
  env.schedule(Math.round(arrivals.exponential(arrivalMeanPs)), arrival);
  const started = performance.now();
  env.run(horizonPs);
  return { served, events: env.eventsProcessed, wallSeconds: (performance.now() - started) / 1000 };
}
