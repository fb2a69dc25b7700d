// Each syscall is the sequence of lock holds of docs/kernel.md's table: namespace_sem holds, mount_lock
// write sections, RCU grace periods — counted here one syscall at a time on an idle machine, with the
// mount table's bookkeeping and the hold lengths each names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Body, KernelThread, MountSubsystem } from '../../../src/kernel/index.ts';
import { smallKernel } from '../../support/smallKernel.ts';

/** containerd 2.0.x: peer clones, MNT_DETACH; containerd 2.3: private clones, flags 0. */
const OLD = { clonePropagation: 'peer', umountFlags: 'detach' } as const;
const NEW = { clonePropagation: 'private', umountFlags: 'none' } as const;

interface Holds {
  readonly nsWrites: number;
  readonly nsReads: number;
  readonly mountLockSections: number;
  readonly graces: number;
}

function holdsOf(call: (k: MountSubsystem, t: KernelThread) => Body, kernel: Record<string, string> = {}) {
  const w = smallKernel({
    cpus: 4,
    preset: 'r5.metal',
    seed: 'syscalls',
    contextSwitchPs: 0,
    kernel: { backgroundLookupsPerCpu: '0', serviceNamespaces: '0', ...kernel },
  });
  const t = w.thread('caller');
  const before = { ...w.kernel.ns.sem.stats };
  w.env.process(call(w.kernel, t));
  w.env.run();
  const sem = w.kernel.ns.sem.stats;
  const holds: Holds = {
    nsWrites: sem.writeAcquisitions - before.writeAcquisitions,
    nsReads: sem.readAcquisitions - before.readAcquisitions,
    mountLockSections: w.kernel.mountLock.stats.holds,
    graces: w.kernel.rcu.stats.expeditedGracePeriods,
  };
  return { holds, w };
}

describe('syscalls as lock-hold sequences', () => {
  it('open_tree: namespace_sem write, mount_lock for the clone and for the attach', () => {
    assert.deepEqual(holdsOf((k, t) => k.syscalls.openTree(t)).holds, {
      nsWrites: 1,
      nsReads: 0,
      mountLockSections: 2,
      graces: 0,
    });
  });

  it('mount_setattr: its section sums per-CPU counts over the possible CPUs; namespace_sem only with MS_PRIVATE', () => {
    const { holds, w } = holdsOf((k, t) => k.syscalls.mountSetattr(t, OLD), {
      perCpuSum: '10ns',
      mountLockHold: '1us',
    });
    assert.deepEqual(holds, { nsWrites: 0, nsReads: 0, mountLockSections: 1, graces: 0 });
    assert.equal(w.kernel.mountLock.stats.holdPsMax, 1_000_000 + 4 * 10_000);
    assert.equal(holdsOf((k, t) => k.syscalls.mountSetattr(t, NEW)).holds.nsWrites, 1);
  });

  it('move_mount: get_mountpoint, attach, put_mountpoint; the layer joins the table, and the peer group if a peer', () => {
    const { holds, w } = holdsOf((k, t) => k.syscalls.moveMount(t, OLD));
    assert.deepEqual(holds, { nsWrites: 1, nsReads: 0, mountLockSections: 3, graces: 0 });
    assert.equal(w.kernel.table.bind, 1);
    assert.equal(w.kernel.table.idmapChildren, 1);
    assert.equal(w.kernel.counters.mountEvents, 1);
    assert.equal(w.kernel.propagation.peers, 1);
    assert.equal(holdsOf((k, t) => k.syscalls.moveMount(t, NEW)).w.kernel.propagation.peers, 0);
  });

  it('move_mount under K slave namespaces: a copy in each, committed in the attach section', () => {
    const { w } = holdsOf((k, t) => k.syscalls.moveMount(t, OLD), {
      serviceNamespaces: '10',
      mountLockHold: '1us',
      propagationCommit: '0.2us',
    });
    assert.equal(w.kernel.propagation.attachWalks.nodes, 11, 'the layers’ mount and its 10 slaves');
    assert.equal(w.kernel.mountLock.stats.holdPsMax, 1_000_000 + 10 * 200_000);
  });

  it('overlay over N lowerdirs: N private clones under read, then the attach under write', () => {
    const { holds, w } = holdsOf((k, t) => k.syscalls.overlayMount(t, 5, true));
    assert.deepEqual(holds, { nsWrites: 1, nsReads: 5, mountLockSections: 6, graces: 0 });
    assert.equal(w.kernel.table.overlay, 1);
  });

  it('umount: one write of each, then an expedited grace period; the mount_lock hold is mountLockHold and the walks', () => {
    const { holds, w } = holdsOf(
      function* (k, t) {
        yield* k.syscalls.moveMount(t, OLD);
        yield* k.syscalls.umount(t, 'bind', OLD);
      },
      { mountLockHold: '2us' },
    );
    assert.deepEqual(holds, { nsWrites: 2, nsReads: 0, mountLockSections: 4, graces: 1 });
    assert.equal(w.kernel.table.bind, 0);
    assert.equal(w.kernel.table.idmapChildren, 0);
    assert.equal(w.kernel.propagation.peers, 0, 'the peer left the group');
    const walk = w.kernel.propagation.umountWalks;
    assert.equal(walk.walks, 1);
    assert.equal(walk.nodes, 2 * 2, 'MNT_DETACH: two passes over the group of two');
    assert.equal(w.kernel.mountLock.stats.holdPsMax, 2_000_000 + walk.ps);
  });

  it('unshare(CLONE_NEWNS): the copy in at most 64 short sections; the detach in one section of M mounts', () => {
    const m = smallKernel({ cpus: 4, preset: 'r5.metal', seed: 's', contextSwitchPs: 0, kernel: {} }).kernel.table.size;
    assert.deepEqual(
      holdsOf(function* (k, t) {
        yield* k.syscalls.unshareMountNs(t);
      }).holds,
      {
        nsWrites: 1,
        nsReads: 0,
        mountLockSections: Math.min(64, m),
        graces: 0,
      },
    );
    const { holds, w } = holdsOf((k, t) => k.syscalls.pivotAndDetach(t, k.propagation.openWindow(1000)), {
      umountTreePerMount: '0.3us',
    });
    assert.deepEqual(holds, { nsWrites: 1, nsReads: 0, mountLockSections: 1, graces: 1 });
    const perMount = w.kernel.table.perMountTreeWalkPs(300_000);
    assert.equal(w.kernel.mountLock.stats.holdPsMax, 1000 * perMount);
  });
});
