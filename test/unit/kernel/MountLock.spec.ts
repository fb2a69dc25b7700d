// mount_lock as the mount code uses it: write sections record their wait and hold; a path lookup that
// overlaps a section waits for it (spinning) and is counted.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallKernel } from '../../support/smallKernel.ts';

describe('MountLock', () => {
  it('two writers at once: one waits for the other; each hold is its work', () => {
    const w = smallKernel({
      cpus: 2,
      preset: 'r5.metal',
      seed: 'ml',
      contextSwitchPs: 0,
      kernel: { backgroundLookupsPerCpu: '0' },
    });
    w.writer(w.thread('a'), 5_000_000, 0, (i) => i < 1);
    w.writer(w.thread('b'), 5_000_000, 0, (i) => i < 1);
    w.env.run();
    const s = w.kernel.mountLock.stats;
    assert.equal(s.holds, 2);
    assert.equal(s.holdPsMax, 5_000_000);
    assert.ok(s.waitPsMax >= 5_000_000, `the second waited ${s.waitPsMax} ps`);
    assert.equal(w.kernel.counters.mountLockWrites, 2);
  });

  it('a lookup during a write section finishes after the section closes', () => {
    const w = smallKernel({
      cpus: 2,
      preset: 'r5.metal',
      seed: 'ml',
      contextSwitchPs: 0,
      kernel: { backgroundLookupsPerCpu: '0', pathLookup: '1us' },
    });
    w.writer(w.thread('writer'), 20_000_000, 0, (i) => i < 1);
    const r = w.thread('reader');
    let lookedUpAt = -1;
    w.env.process(
      (function* () {
        yield 1_000_000; // the writer is inside by now
        yield* w.kernel.lookup(r);
        lookedUpAt = w.env.now;
        w.sched.yieldCpu(r.st);
      })(),
    );
    w.env.run();
    assert.equal(w.kernel.counters.lookups, 1);
    assert.ok(lookedUpAt > 20_000_000, `looked up at ${lookedUpAt} ps`);
  });
});
