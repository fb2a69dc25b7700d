// The flagship scenario (100 containers × 50 layers × 2 passes on r5.metal): wall time and events/s.
// Target (DESIGN §4, issue 5): under 2 s.

import { runScenario } from '../src/cli/run.ts';
import { readScenario } from '../src/scenario/index.ts';

export const FLAGSHIP_TARGET_SECONDS = 2;

export function benchFlagship(options: { quick: boolean }): {
  wallSeconds: number;
  events: number;
  eventsPerSecond: number;
} {
  const walls: number[] = [];
  let events = 0;
  for (let i = 0; i < (options.quick ? 1 : 3); i++) {
    const o = runScenario(readScenario('scenarios/mount-mayhem.yaml', []));
    walls.push(o.wallSeconds);
    events = o.events;
  }
  const best = Math.min(...walls);
  return { wallSeconds: best, events, eventsPerSecond: events / best };
}
