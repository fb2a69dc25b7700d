// Started containers join the aggregated path-lookup population (kernel.containerLookups).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallKernel } from '../../support/smallKernel.ts';

describe('lookup sources', () => {
  it('a started container’s lookups spin in and fall back from later write windows', () => {
    const run = (added: number): { spun: number; retries: number } => {
      const { env, sched, kernel, thread } = smallKernel({
        cpus: 8,
        preset: 'r5.metal',
        seed: 'sources',
        contextSwitchPs: 0,
        kernel: { backgroundLookupsPerCpu: '0', mountLockHold: '3us' },
      });
      for (let i = 0; i < added; i++) kernel.addLookupSource(200_000);
      const t = thread('writer');
      env.process(
        (function* () {
          for (let i = 0; i < 200; i++) {
            yield* kernel.mountLockWrite(t, 3_000_000);
            yield* kernel.cpu(t, 10_000_000);
          }
          sched.yieldCpu(t.st);
        })(),
      );
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
