// A burst end to end on a small load: deterministic for a seed, every start recorded, the outcome's
// CPU profile a partition of the machine's time, the invariants held after every event.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readScenario, scenarioBurst } from '../../../src/scenario/index.ts';
import { runBurst } from '../../../src/workload/index.ts';

const small = (sets: string[] = []) =>
  scenarioBurst(readScenario('scenarios/mount-mayhem.yaml', ['burst.containers=6', 'burst.layers=4', ...sets]));

describe('runBurst', () => {
  it('same options and seed: the same outcome; another seed: another', () => {
    const a = runBurst(small());
    assert.deepEqual(runBurst(small()), a);
    assert.notDeepEqual(runBurst(small(['seed=2'])), a);
  });

  it('every start completes and is counted; the CPU profile splits the capacity', () => {
    const o = runBurst({ ...small(), checkInvariants: true });
    assert.equal(o.startsCompleted, 6);
    assert.equal(o.startSuccessRate, 1);
    assert.equal(o.mountOps, 6 * 2 * (1 + 2 * 4));
    assert.equal(o.mountinfoReads.runtime, 6 * 72);
    const p = o.cpuProfile;
    assert.ok(Math.abs(p.work + p.spinWriters + p.idle - 1) < 1e-5, JSON.stringify(p));
  });

  it('bad counts are refused naming the field', () => {
    assert.throws(() => runBurst({ ...small(), layers: 0 }), /burst\.layers/);
  });
});
