// The host mount table: size and mountinfo bytes by kind, layers attached under the idmap parent, and
// what walking them costs on the machine.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MountTable, resolveKernelParams } from '../../../src/kernel/index.ts';

describe('MountTable', () => {
  const params = resolveKernelParams({
    hostMounts: '300',
    bytesPerOtherMount: '150',
    bytesPerBindMount: '122',
    bytesPerOverlay: '1000',
    childWalkTransfers: '0.5',
    umountTreeTransfers: '1',
  });

  it('starts with the host mounts; size and bytes count every kind', () => {
    const t = new MountTable(params, 40_000);
    assert.equal(t.size, 300);
    t.attachLayer();
    t.attachLayer();
    t.overlay++;
    assert.equal(t.size, 303);
    assert.equal(t.bytes, 300 * 150 + 2 * 122 + 1000);
    t.detachLayer();
    assert.equal(t.bind, 1);
    assert.equal(t.idmapChildren, 1);
  });

  it('walking the idmap parent’s children costs childWalkTransfers transfers each', () => {
    const t = new MountTable(params, 40_000);
    assert.equal(t.childWalkPs(), 0);
    for (let i = 0; i < 10; i++) t.attachLayer();
    assert.equal(t.childWalkPs(), 10 * 0.5 * 40_000);
  });

  it('a whole-table walk costs work plus umountTreeTransfers transfers per mount', () => {
    assert.equal(new MountTable(params, 40_000).perMountTreeWalkPs(300_000), 340_000);
  });
});
