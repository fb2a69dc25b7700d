// The classic hold model (Vaucher & Duval 1975): N processes, each forever holding for an exponential
// time, so N events are always pending. Measures the engine with a deep queue (N = 10^5).

import { Environment, type ProcessBody } from '../../src/engine/index.ts';
import { RandomStreams } from '../../src/random/index.ts';

export function runHold(processes: number, eventsToRun: number, seed = 1) {
  const env = new Environment({ initialCapacity: processes * 2 });
  const rng = new RandomStreams(seed).stream('hold');
  const meanPs = 1_000_000;
  function* holder(): ProcessBody {
    while (true) yield Math.round(rng.exponential(meanPs));
  }
  for (let i = 0; i < processes; i++) env.process(holder(), `holder-${i}`);
  // Let every process start and the queue reach its steady shape before timing.
  while (env.eventsProcessed < processes * 2) env.step();
  const before = env.eventsProcessed;
  const started = performance.now();
  while (env.eventsProcessed - before < eventsToRun) env.step();
  const wallSeconds = (performance.now() - started) / 1000;
  return { events: env.eventsProcessed - before, wallSeconds, pending: env.pending };
}

/** The same hold model on the engine's callback path: the queue's cost at depth without generators. */
export function runHoldCallbacks(processes: number, eventsToRun: number, seed = 1) {
  const env = new Environment({ initialCapacity: processes * 2 });
  const rng = new RandomStreams(seed).stream('hold');
  const meanPs = 1_000_000;
  const hold = (i: number): void => env.callWith(Math.round(rng.exponential(meanPs)), hold, i);
  for (let i = 0; i < processes; i++) env.callWith(Math.round(rng.exponential(meanPs)), hold, i);
  while (env.eventsProcessed < processes * 2) env.step();
  const before = env.eventsProcessed;
  const started = performance.now();
  while (env.eventsProcessed - before < eventsToRun) env.step();
  const wallSeconds = (performance.now() - started) / 1000;
  return { events: env.eventsProcessed - before, wallSeconds, pending: env.pending };
}
