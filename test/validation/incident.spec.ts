// Rungs 5 of the validation ladder (reference/validation.md §C–D) on fixed seeds. Exact counts must
// match; shapes must hold; the calibration target (the r5.metal cliff near 100 containers × 50 layers,
// ±30%) is checked against the model as it stands: when the model does not reach it with every
// parameter at its documented default, the test is skipped with the distance measured in this run,
// as DESIGN §3 asks (an honest miss, not a stretched range).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readScenario, scenarioBurst } from '../../src/scenario/index.ts';
import { runBurst } from '../../src/workload/index.ts';
import { smallKernel } from '../support/smallKernel.ts';

/** containerd 2.0.x: peer clones, MNT_DETACH. */
const RUNTIME = { clonePropagation: 'peer', umountFlags: 'detach' } as const;

const run = (file: string, sets: string[] = []) => runBurst(scenarioBurst(readScenario(file, sets)));

/** A small machine for kernel-only measurements (a 4-CPU VM like the reference measurements'). */
function vm(cpus: number, overrides: Record<string, string> = {}) {
  const { env, kernel, params, thread } = smallKernel({
    cpus,
    preset: 'm7a.24xlarge',
    seed: 'vm',
    contextSwitchPs: 2e6,
    kernel: { backgroundLoad: '0', ...overrides },
  });
  return { env, kernel, params, thread: () => thread('t') };
}

describe('the incident: exact counts', () => {
  it('100 containers × 50 layers, 2 passes, per-layer idmap: 20,200 mount operations; syscalls per kernel.md', () => {
    const o = run('scenarios/mount-mayhem.yaml');
    assert.equal(o.mountOps, 100 * 2 * (1 + 50 + 50));
    assert.equal(o.syscalls.open_tree, 100 * 2 * 50);
    assert.equal(o.syscalls.mount_setattr, 100 * 2 * 50);
    assert.equal(o.syscalls.move_mount, 100 * 2 * 50);
    assert.equal(o.syscalls['mount(overlay)'], 100 * 2);
    assert.equal(o.syscalls.umount2, 100 * 2 * 50 + 100); // the layers, and the first pass's overlay
    assert.equal(o.syscalls['unshare(CLONE_NEWNS)'], 100);
    assert.equal(o.startsCompleted, 100);
  });

  it('the common-parent fix: O(1) host mounts per container — 600 syscalls on the idmap path', () => {
    const o = run('scenarios/mount-mayhem-common-parent.yaml');
    assert.equal(
      (o.syscalls.open_tree ?? 0) + (o.syscalls.mount_setattr ?? 0) + (o.syscalls.move_mount ?? 0),
      100 * 2 * 3,
    );
    assert.equal(o.mountOps, 100 * 2 * 3);
  });
});

describe('reference measurements (validation §D)', () => {
  it('systemd re-parsing 764 mounts takes ≈ 0.66 s (±10%)', () => {
    const { env, kernel, thread, params } = vm(4, { hostMounts: '764' });
    const t = thread();
    env.process(kernel.mountinfoRead(t, params.systemdParsePerLine));
    env.run();
    const s = env.now / 1e12;
    assert.ok(Math.abs(s / 0.66 - 1) < 0.1, `${s.toFixed(3)} s`);
  });

  it('runc: 72–116 mountinfo reads per `runc run`, of the host table', () => {
    const o = run('scenarios/mount-mayhem.yaml', ['burst.containers=6', 'burst.layers=3']);
    const perStart = o.mountinfoReads.runtime / o.startsCompleted;
    assert.equal(o.startsCompleted, 6);
    assert.ok(perStart >= 72 && perStart <= 116, `${perStart} reads per start`);
    // Of the host table: a read goes through all of it, a namespace_sem read hold per 4 KiB.
    const { env, kernel, thread, params } = vm(4);
    const t = thread();
    env.process(kernel.mountinfoRead(t, params.parsePerLine));
    env.run();
    assert.ok(kernel.table.bytes > 4096);
    assert.equal(kernel.counters.mountinfoChunks, Math.ceil(kernel.table.bytes / 4096));
  });

  it('5,000 umounts with expedited grace periods on a 4-CPU VM take ≈ 0.6 s (±30%)', () => {
    const { env, kernel, thread } = vm(4);
    const t = thread();
    kernel.table.bind = 5000;
    kernel.table.idmapChildren = 0;
    env.process(
      (function* () {
        for (let i = 0; i < 5000; i++) yield* kernel.syscalls.umount(t, 'detached', RUNTIME);
      })(),
    );
    env.run();
    const s = env.now / 1e12;
    assert.ok(Math.abs(s / 0.6 - 1) < 0.3, `${s.toFixed(3)} s`);
  });
});

describe('outcome accounting', () => {
  it('systemd is followed after the last start until it has caught up: its last rescan parses the whole table', () => {
    const o = run('scenarios/mount-mayhem-5-layers.yaml', ['burst.containers=5']);
    // The last mount event comes just before the last start; the rescan that covers it parses at
    // least the host's own mounts (300 × 864 µs ≈ 0.26 s) and ends after the run's last start.
    assert.ok(o.systemdBacklogSecondsMax >= 300 * 864e-6, `backlog ${o.systemdBacklogSecondsMax} s`);
    assert.ok(
      o.systemdBacklogSecondsMax > o.simulatedSeconds,
      `backlog ${o.systemdBacklogSecondsMax} s, run ${o.simulatedSeconds} s`,
    );
  });
});

describe('the incident: shapes (validation §C)', () => {
  // Each "no cliff" shape contrasts with per-layer idmaps of 50 layers at the same load, which fail.
  const failed = (o: { startSuccessRate: number; probeTimeouts: number }): boolean =>
    o.startSuccessRate < 0.99 || o.probeTimeouts > 0;
  const perLayer = run('scenarios/mount-mayhem.yaml', ['burst.containers=300']);

  it('per-layer idmaps of 50 layers on r5.metal fail at 300 containers (the contrast for the shapes below)', () => {
    assert.ok(failed(perLayer), `success ${perLayer.startSuccessRate}, probe timeouts ${perLayer.probeTimeouts}`);
  });

  it('images with 5 layers: no cliff within 300 containers on r5.metal', () => {
    const o = run('scenarios/mount-mayhem-5-layers.yaml', ['burst.containers=300']);
    assert.equal(failed(o), false, `success ${o.startSuccessRate}, probe timeouts ${o.probeTimeouts}`);
  });

  it('the common-parent fix: no cliff within 300 containers on r5.metal', () => {
    const o = run('scenarios/mount-mayhem-common-parent.yaml', ['burst.containers=300']);
    assert.equal(failed(o), false, `success ${o.startSuccessRate}, probe timeouts ${o.probeTimeouts}`);
  });

  it('containerd 2.3 (private clones): no cliff within 300 containers on r5.metal', () => {
    const o = run('scenarios/mount-mayhem-containerd-2.3.yaml', ['burst.containers=300']);
    assert.equal(failed(o), false, `success ${o.startSuccessRate}, probe timeouts ${o.probeTimeouts}`);
  });

  it('invariants hold inside the kernel model (runtime checker on): locks exclusive, CPUs exclusive, no idle CPU while threads wait', () => {
    const s = readScenario('scenarios/mount-mayhem.yaml', ['burst.containers=12', 'burst.layers=6']);
    const o = runBurst({ ...scenarioBurst(s), checkInvariants: true });
    assert.equal(o.startsCompleted, 12);
  });

  it('calibration target: r5.metal falls off a cliff near 100 containers × 50 layers (±30%), mountinfo reads past 30 s, reader spinning dominates', (t) => {
    const at = (c: number) => run('scenarios/mount-mayhem.yaml', [`burst.containers=${c}`]);
    const o = at(130);
    const cliff = o.startSuccessRate < 0.99 || o.probeTimeouts > 0;
    if (!cliff) {
      const far = at(200);
      t.skip(
        `gap: at 130 containers (the +30% edge) r5.metal still starts ${(o.startSuccessRate * 100).toFixed(0)}% in time and no probe times out; ` +
          `p99 start ${o.startLatencySeconds.p99.toFixed(1)} s vs the 240 s deadline, longest mountinfo read ${o.mountinfoReadSecondsMax.toFixed(1)} s vs the 30 s probe timeout ` +
          `(peak P ${o.propagation.peakPeers}, K ${o.propagation.peakSlaveNamespaces}; walks ${(o.propagation.walkShare.namespaceSemWrite * 100).toFixed(0)}% of namespace_sem write time). ` +
          `The model's own cliff comes later: at 200 containers ${far.probeTimeouts} probe(s) time out (mountinfo ${far.mountinfoReadSecondsMax.toFixed(1)} s). ` +
          'With every parameter at its default, the all-at-once burst keeps P (layers attached) and K (containers in their init window) apart in time; see the session note',
      );
      return;
    }
    const before = at(70);
    assert.equal(before.startSuccessRate, 1, 'no cliff below −30%');
    assert.ok(o.mountinfoReadSecondsMax > 30);
    // The profile at the cliff: PAUSE in path lookups (the reader side) dominates the writers' own work.
    assert.ok(
      o.cpuProfile.spinReaders > o.cpuProfile.work && o.cpuProfile.spinReaders > o.cpuProfile.spinWriters,
      `spinning readers ${o.cpuProfile.spinReaders}, work ${o.cpuProfile.work}, spinning writers ${o.cpuProfile.spinWriters}`,
    );
  });
});
