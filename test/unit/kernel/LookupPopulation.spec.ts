// Started containers join the aggregated path-lookup population (kernel.containerLookups).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallKernel } from '../../support/smallKernel.ts';

describe('lookup sources', () => {
  it('a started container’s lookups spin in and fall back from later write windows', () => {
    const run = (added: number): { spun: number; retries: number } => {
      const { env, kernel, thread, writer } = smallKernel({
        cpus: 8,
        preset: 'r5.metal',
        seed: 'sources',
        contextSwitchPs: 0,
        kernel: { backgroundLookupsPerCpu: '0', mountLockHold: '3us' },
      });
      for (let i = 0; i < added; i++) kernel.lookups.addSource(200_000);
      writer(thread('writer'), 3_000_000, 10_000_000, (i) => i < 200);
      env.run();
      return { spun: kernel.counters.backgroundLookupsSpun, retries: kernel.counters.backgroundRetries };
    };
    const none = run(0);
    const four = run(4);
    assert.deepEqual(none, { spun: 0, retries: 0 });
    // 4 × 200k/s over 200 windows of ≈ 3 µs: ≈ 480 arrivals in windows, ≈ 190 lookups in flight at an opening.
    assert.ok(four.spun > 300 && four.spun < 700, JSON.stringify(four));
    assert.ok(four.retries > 100 && four.retries < 300, JSON.stringify(four));
  });
});

describe('path lookups under a write storm', () => {
  it('a failed RCU walk is redone once in ref-walk mode: one retry, where a plain seqlock reader retries on', () => {
    const storm = (lookup: 'kernel' | 'plain') => {
      const { env, kernel, thread, writer } = smallKernel({
        cpus: 4,
        preset: 'r5.metal',
        seed: 'storm',
        contextSwitchPs: 0,
        kernel: { backgroundLookupsPerCpu: '0', pathLookup: '1.2us' },
      });
      const r = thread('reader');
      let stop = false;
      // 0.3 µs sections, 0.3 µs apart: never 1.2 µs quiet.
      writer(thread('writer'), 300_000, 300_000, () => !stop);
      let retries = -1;
      env.process(
        (function* () {
          yield 1_000_000;
          if (lookup === 'kernel') {
            yield* kernel.lookup(r);
            retries = kernel.counters.lookupRetries;
          } else {
            yield* r.cpu(0);
            kernel.mountLock.lock.read(r.sync, 1_200_000, (_t, n) => {
              retries = n;
            });
          }
        })(),
      );
      env.run(200_000_000); // 200 µs
      stop = true;
      return retries;
    };
    assert.equal(storm('kernel'), 1);
    assert.equal(storm('plain'), -1, 'a plain seqlock reader is still retrying after 200 µs');
  });
});
