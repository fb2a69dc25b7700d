// Each runtime strategy's pass is the syscall sequence its descriptor says; its mount operations are
// counted as the incident counts them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RUNTIME_STRATEGIES, STRATEGIES, strategyOf } from '../../../src/workload/index.ts';
import { smallKernel } from '../../support/smallKernel.ts';

/** containerd 2.0.x: peer clones, MNT_DETACH. */
const RUNTIME = { clonePropagation: 'peer', umountFlags: 'detach' } as const;

function onePass(name: (typeof STRATEGIES)[number], layers: number) {
  const w = smallKernel({
    cpus: 2,
    preset: 'r5.metal',
    seed: 'strategy',
    contextSwitchPs: 0,
    kernel: { backgroundLookupsPerCpu: '0' },
  });
  const t = w.thread('start');
  let attached = 0;
  w.env.process(strategyOf(name).pass(w.kernel.syscalls, t, layers, RUNTIME, () => attached++));
  w.env.run();
  return { syscalls: w.kernel.counters.syscalls, attached, table: w.kernel.table };
}

describe('runtime strategies', () => {
  it('every strategy of the scenario schema has a descriptor', () => {
    assert.deepEqual(
      RUNTIME_STRATEGIES.map((s) => s.name),
      [...STRATEGIES],
    );
  });

  it('per-layer idmap: three syscalls per layer, the overlay, a umount per layer', () => {
    const r = onePass('per-layer-idmap', 3);
    assert.deepEqual(r.syscalls, { open_tree: 3, mount_setattr: 3, move_mount: 3, 'mount(overlay)': 1, umount2: 3 });
    assert.equal(r.attached, 3);
    assert.equal(r.table.bind, 0, 'every layer bind is unmounted again');
    assert.equal(strategyOf('per-layer-idmap').mountOpsPerPass(50), 101);
  });

  it('common parent: one idmap per pass whatever the layers', () => {
    const r = onePass('common-parent', 3);
    assert.deepEqual(r.syscalls, { open_tree: 1, mount_setattr: 1, move_mount: 1, 'mount(overlay)': 1, umount2: 1 });
    assert.equal(r.attached, 1);
    assert.equal(strategyOf('common-parent').mountOpsPerPass(50), 3);
  });

  it('lowerdir-fd: no move_mount into the host table; needs Linux ≥ 6.8', () => {
    const r = onePass('lowerdir-fd', 3);
    assert.deepEqual(r.syscalls, { open_tree: 3, mount_setattr: 3, 'mount(overlay)': 1, umount2: 3 });
    assert.equal(r.attached, 0);
    assert.deepEqual(strategyOf('lowerdir-fd').needsKernel, { major: 6, minor: 8, feature: 'fsconfig lowerdir+' });
  });
});
