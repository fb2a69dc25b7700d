// An open FIFO queue on the engine: Poisson arrivals (mean gap `gapUs`) into `servers` servers with
// the given service law, run for `customers` mean gaps after a warm-up of 2,000 gaps.

import { Environment, type ProcessBody } from '../../src/engine/index.ts';
import { type Distribution, RandomStreams } from '../../src/random/index.ts';
import { FifoStation } from './FifoStation.ts';

export const US = 1_000_000; // ps per microsecond

export interface OpenQueueRun {
  readonly station: FifoStation;
  readonly env: Environment;
}

export function openQueue(
  servers: number,
  gapUs: number,
  service: Distribution,
  customers: number,
  seed: number,
): OpenQueueRun {
  const env = new Environment();
  const streams = new RandomStreams(seed);
  const arrivals = streams.stream('arrivals');
  const warmupPs = 2_000 * gapUs * US;
  const station = new FifoStation(env, servers, service, streams.stream('service'), warmupPs);
  env.process(
    (function* source(): ProcessBody {
      while (true) {
        yield Math.round(arrivals.exponential(gapUs * US));
        station.arrive();
      }
    })(),
    'source',
  );
  env.run(warmupPs + customers * gapUs * US);
  station.finish();
  return { station, env };
}
