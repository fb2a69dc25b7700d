// The M/M/1 hold model the engine benchmark runs, written the way a lockcliff model is written: a
// source process and a server process, a FIFO of arrival times, and a signal that wakes an idle
// server. bench/models/mm1_simpy.py is the same model line for line in SimPy 3, so the two rates
// compare engines, not models. test/unit/bench/models.spec.ts checks its answer against M/M/1 theory.

import { Environment, type ProcessBody, type Signal } from '../../src/engine/index.ts';
import { RandomStreams } from '../../src/random/index.ts';

export interface Mm1Result {
  readonly served: number;
  /** Mean wait in queue, ps. */
  readonly meanWaitPs: number;
  readonly events: number;
  readonly wallSeconds: number;
}

/**
 * Runs M/M/1 with mean interarrival `arrivalMeanPs` and mean service `serviceMeanPs` for `horizonPs`
 * of simulated time. Wall time is measured here because this is a benchmark, not model code.
 */
export function runMm1(arrivalMeanPs: number, serviceMeanPs: number, horizonPs: number, seed = 1): Mm1Result {
  const env = new Environment();
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const service = streams.stream('service');
  // A ring buffer of arrival times: no allocation per customer.
  let ring = new Float64Array(1024);
  let head = 0;
  let count = 0;
  let wake: Signal<undefined> | null = null;
  let served = 0;
  let waitSum = 0;

  function* source(): ProcessBody {
    while (true) {
      yield Math.round(arrivals.exponential(arrivalMeanPs));
      if (count === ring.length) {
        const bigger = new Float64Array(ring.length * 2);
        for (let i = 0; i < count; i++) bigger[i] = ring[(head + i) % ring.length] as number;
        ring = bigger;
        head = 0;
      }
      ring[(head + count) % ring.length] = env.now;
      count++;
      if (wake !== null) {
        const idle = wake;
        wake = null;
        idle.succeed(undefined);
      }
    }
  }

  function* server(): ProcessBody {
    while (true) {
      if (count === 0) {
        wake = env.signal<undefined>('wake');
        yield wake;
      }
      const arrived = ring[head] as number;
      head = (head + 1) % ring.length;
      count--;
      waitSum += env.now - arrived;
      yield Math.round(service.exponential(serviceMeanPs));
      served++;
    }
  }

  env.process(source(), 'source');
  env.process(server(), 'server');
  const started = performance.now();
  env.run(horizonPs);
  const wallSeconds = (performance.now() - started) / 1000;
  return { served, meanWaitPs: waitSum / Math.max(1, served), events: env.eventsProcessed, wallSeconds };
}
