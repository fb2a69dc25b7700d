// Mount propagation against the probe (docs/kernel.md *Mount propagation*; raw data in
// docs/probes/propagation/): containerd's per-layer sequence with P clones in the layers' peer group
// and K slave namespaces, simulated on the probe's VM (models/probe-vm.yaml) with `mountbench`, as the
// probe ran it (2 containers × 50 layers, one after the other; umount2 with flags 0 unless said).
//
// Calibrated: the VM's effective L3 (memory.l3MB = 4 MB, range 1–16 MB: a guest's share of a host's
// L3 is not known) — placed by the probe's knee, between ≈ 12,000 and 24,000 nodes. Set for this
// VM's kernel (Linux 6.18), inside their ranges: rcuExpeditedBase 20 µs and rcuExpeditedPerCpu 0.5 µs —
// its umount takes 35 µs, 8–24 µs of it on CPU, so its grace period is ≈ 10–30 µs (the defaults come
// from the 2017 measurement of validation §D). Everything else at its default.
//
// Tolerance: ×1.6 of the probe's p50 (its trials drift 20–50%). At the knee itself (21,000–26,000
// nodes) the probe does not repeat: the same P = 1,000, K = 20 attach measured 2,917 µs in one run and
// 684 µs in another; those points are printed with their ratio, not asserted.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMachineSpec } from '../../src/hw/index.ts';
import { resolveKernelParams } from '../../src/kernel/index.ts';
import { type MountbenchRow, runMountbench } from '../../src/workload/index.ts';

interface GridPoint {
  readonly p: number;
  readonly k: number;
  readonly clones: 'peer' | 'private';
  readonly flags: 'none' | 'detach';
  /** The probe's p50, µs. */
  readonly attachUs: number;
  readonly umountUs: number;
}

const g = (p: number, k: number, attachUs: number, umountUs: number, o: Partial<GridPoint> = {}): GridPoint => ({
  p,
  k,
  clones: 'peer',
  flags: 'none',
  attachUs,
  umountUs,
  ...o,
});

// docs/kernel.md, *Mount propagation*, the measured table.
const GRID: readonly GridPoint[] = [
  g(500, 0, 32, 70),
  g(500, 5, 100, 154),
  g(500, 20, 316, 642),
  g(500, 50, 2174, 2183),
  g(1000, 5, 240, 388),
  g(1000, 20, 2917, 1760),
  g(1000, 50, 8516, 26954),
  g(4000, 0, 210, 164),
  g(4000, 5, 5672, 12898),
  g(4000, 20, 15256, 57173),
  g(500, 20, 321, 494, { flags: 'detach' }),
  g(1000, 20, 684, 1161, { flags: 'detach' }),
  g(4000, 20, 14322, 29742, { flags: 'detach' }),
  g(500, 20, 55, 50, { clones: 'private' }),
  g(1000, 20, 62, 78, { clones: 'private' }),
  g(4000, 20, 136, 70, { clones: 'private' }),
];

const TOLERANCE = 1.6;
const KNEE: readonly [number, number] = [12_000, 40_000];

const machine = loadMachineSpec('probe-vm');
const kernel = resolveKernelParams({ rcuExpeditedBase: '20us', rcuExpeditedPerCpu: '0.5us' });

function simulate(x: GridPoint): Record<'attach' | 'umount', MountbenchRow> {
  const rows = runMountbench({
    machine,
    smt: false,
    peers: x.p,
    slaveNamespaces: x.k,
    runtime: { clonePropagation: x.clones, umountFlags: x.flags },
    layers: 50,
    containers: 2,
    kernel,
    seed: 'probe',
  });
  return { attach: rows[0] as MountbenchRow, umount: rows[1] as MountbenchRow };
}

const nodes = (x: GridPoint): number => (1 + x.p) * (1 + x.k);
const atKnee = (x: GridPoint): boolean => x.clones === 'peer' && nodes(x) > KNEE[0] && nodes(x) < KNEE[1];
const label = (x: GridPoint): string => `P=${x.p} K=${x.k} ${x.clones} clones, umount flags ${x.flags}`;

describe('mount propagation vs the probe (probe-vm)', () => {
  const results = GRID.map((x) => ({ x, r: simulate(x) }));
  for (const { x, r } of results) {
    const ratios = `attach ${r.attach.p50Us} µs vs ${x.attachUs} (×${(r.attach.p50Us / x.attachUs).toFixed(2)}), umount ${r.umount.p50Us} µs vs ${x.umountUs} (×${(r.umount.p50Us / x.umountUs).toFixed(2)})`;
    if (atKnee(x)) {
      it(`${label(x)}: at the knee (${nodes(x)} nodes), reported only — ${ratios}`, () => {
        console.log(`# knee ${label(x)}: ${ratios}`);
      });
      continue;
    }
    it(`${label(x)}: within ×${TOLERANCE} of the probe's p50`, () => {
      for (const [op, measured] of [
        ['attach', x.attachUs],
        ['umount', x.umountUs],
      ] as const) {
        const ratio = r[op].p50Us / measured;
        assert.ok(ratio <= TOLERANCE && ratio >= 1 / TOLERANCE, `${op}: ${ratios}`);
      }
    });
  }

  it('private clones (containerd ≥ 2.3) stay flat in P', () => {
    const priv = results.filter(({ x }) => x.clones === 'private').map(({ r }) => r.attach.p50Us);
    const peer = results
      .filter(({ x }) => x.clones === 'peer' && x.k === 20 && x.flags === 'none')
      .map(({ r }) => r.attach.p50Us);
    assert.ok(Math.max(...priv) < 3 * Math.min(...priv), `private attach ${priv.join(', ')} µs`);
    assert.ok(Math.max(...peer) > 30 * Math.min(...peer), `peer attach ${peer.join(', ')} µs`);
  });

  it('MNT_DETACH walks one pass fewer than flags 0', () => {
    const at = (flags: 'none' | 'detach') =>
      results.find(({ x }) => x.p === 4000 && x.k === 20 && x.clones === 'peer' && x.flags === flags)?.r.umount.p50Us ??
      0;
    assert.ok(at('detach') < 0.8 * at('none'), `detach ${at('detach')} µs, flags 0 ${at('none')} µs`);
  });
});
