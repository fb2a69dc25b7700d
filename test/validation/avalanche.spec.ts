// Readers that turn into writers (issue 7, DESIGN §1.4): lookups caught mid-walk by a mount_lock
// write fall back to ref-walk, and __legitimize_mnt takes lock_mount_hash() when the count moves
// again within its window. Each write thus begets λ·pathLookup·(1 − e^(−r·legitimizeWindow)) more in
// expectation. A test on a small machine with known parameters: a burst of writes (the stimulus) is
// applied and stopped; below the threshold the background writes die out, above it they sustain
// themselves after the stimulus is gone, and the switch between the two is sharp in λ.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallKernel } from '../support/smallKernel.ts';

/** Background writes in the 1 ms after a 200 µs stimulus of one write every 2 µs. */
function aftermath(lookupsPerCpu: number): number {
  const { env, kernel, thread, writer } = smallKernel({
    cpus: 16,
    preset: 'm7i.metal-24xl',
    seed: 'avalanche',
    contextSwitchPs: 0,
    kernel: {
      backgroundLoad: '0.75',
      backgroundLookupsPerCpu: String(lookupsPerCpu),
      pathLookup: '1.2us',
      legitimizeWindow: '1us',
      mountLockHold: '0.5us',
    },
  });
  writer(thread('stimulus'), 500_000, 1_500_000, (i) => i < 100);
  env.run(200_000_000);
  const before = kernel.counters.legitimizeWrites;
  env.run(1_200_000_000);
  return kernel.counters.legitimizeWrites - before;
}

describe('readers turned writers: the avalanche threshold', () => {
  const rates = [20_000, 50_000, 100_000, 200_000, 400_000, 800_000];
  const after = rates.map(aftermath);
  const table = rates.map((r, i) => `${r / 1000}k/s → ${after[i]}`).join(', ');
  console.log(`background writes in the 1 ms after the stimulus: ${table}`);

  it('below the threshold the background writes die out once the stimulus stops', () => {
    assert.ok((after[0] as number) < 20, table);
  });

  it('above it they sustain themselves', () => {
    assert.ok((after.at(-1) as number) > 200, table);
  });

  it('the switch is sharp: one doubling of the lookup rate multiplies the aftermath tenfold somewhere', () => {
    let sharp = false;
    for (let i = 1; i < after.length; i++)
      if ((after[i] as number) >= 10 * Math.max(1, after[i - 1] as number)) sharp = true;
    assert.ok(sharp, table);
  });
});
