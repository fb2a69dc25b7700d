// fast-check with a replayable seed: FC_SEED if set, otherwise a fresh one that is printed, so any
// failure can be replayed with `FC_SEED=<seed> npm test`.

import fc from 'fast-check';

const fromEnv = process.env.FC_SEED;
if (fromEnv !== undefined && !/^-?\d+$/.test(fromEnv)) {
  throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(fromEnv)}`);
}
/** The seed every property in this process runs with. */
export const fcSeed: number = fromEnv === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(fromEnv);

fc.configureGlobal({ seed: fcSeed, numRuns: Number(process.env.FC_NUM_RUNS ?? 100) });
console.log(`fast-check seed ${fcSeed} (replay with FC_SEED=${fcSeed})`);

export { fc };
