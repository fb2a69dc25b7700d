// Rung 6 (DESIGN §3): the machine ordering at the lock level — lockbench with a seqlock (count and
// spinlock on one line, as mount_lock) and path-lookup readers on every other hardware thread, the
// counterpart of the incident's own lock microbenchmark. Measured: the write window (odd store
// issued → even store completed) with readers vs without.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPreset, machineSpecOf } from '../../src/hw/index.ts';
import { descriptorOf, resolveParams } from '../../src/sync/index.ts';
import { runLockbench } from '../../src/workload/index.ts';

function window(machine: string, smt: boolean, readers: number): number {
  const p = loadPreset(machine);
  const row = runLockbench({
    machine: machineSpecOf(p),
    lock: 'seqlock',
    lockParams: resolveParams(descriptorOf('seqlock')!, {}, p.clockGHz.value),
    threads: 4,
    smt,
    placement: 'spread',
    csPs: 1_000_000,
    thinkPs: 10_000_000,
    thinkDistribution: 'exponential',
    durationPs: 4_000_000_000,
    warmupPs: 1_000_000_000,
    seed: 'lock-level',
    readersPerCpuPerSecond: readers,
    readerWorkPs: 1_200_000,
  });
  return row.writeWindowNs as number;
}

const RATE = 200_000;

describe('lock-level machine ordering (seqlock + path-lookup readers)', () => {
  const stretch = (m: string, smt: boolean): number => window(m, smt, RATE) / window(m, smt, 0);
  const r5 = stretch('r5.metal', false);
  const m7i = stretch('m7i.metal-24xl', false);
  const m7a = stretch('m7a.24xlarge', false);

  it('readers make r5.metal write sections 2–5× longer than bare', () => {
    assert.ok(r5 >= 2 && r5 <= 5, `r5.metal ×${r5.toFixed(2)}`);
  });

  it('r5.metal ≫ m7i and m7a: the 2-socket mesh suffers most', () => {
    assert.ok(r5 > 1.5 * m7i && r5 > 1.5 * m7a, `r5 ×${r5.toFixed(2)}, m7i ×${m7i.toFixed(2)}, m7a ×${m7a.toFixed(2)}`);
  });

  it('SMT off helps: fewer reader threads re-fetching the line', () => {
    for (const m of ['r5.metal', 'm7i.metal-24xl']) {
      const on = window(m, true, RATE);
      const off = window(m, false, RATE);
      assert.ok(off < on, `${m}: SMT on ${on} ns, off ${off} ns`);
    }
  });

  // The instances as sold have 96 hardware threads each: m7a.24xlarge 96 cores without SMT,
  // m7i.metal-24xl 48 cores with SMT on. Compared at equal reader threads, the chiplet's write window
  // grows least with reader traffic (CCX-coalesced re-fetches) and is the shortest at heavy traffic,
  // although it starts higher (each CCX's first fetch crosses the IO die).
  it('the chiplet scales best: at 96 hardware threads, m7a’s window grows least with readers and ends shortest', () => {
    const m7iOn = (rate: number): number => window('m7i.metal-24xl', true, rate) / window('m7i.metal-24xl', true, 0);
    const r5On = (rate: number): number => window('r5.metal', true, rate) / window('r5.metal', true, 0);
    const m7aAt = (rate: number): number => window('m7a.24xlarge', false, rate) / window('m7a.24xlarge', false, 0);
    const LIGHT = 50_000;
    const growth = { r5: r5On(RATE) - r5On(LIGHT), m7i: m7iOn(RATE) - m7iOn(LIGHT), m7a: m7aAt(RATE) - m7aAt(LIGHT) };
    const heavy = { r5: r5On(RATE), m7i: m7iOn(RATE), m7a: m7aAt(RATE) };
    const msg = `stretch at 50k→200k lookups/s per CPU: r5 (SMT on) +${growth.r5.toFixed(2)} to ×${heavy.r5.toFixed(2)}, m7i (SMT on) +${growth.m7i.toFixed(2)} to ×${heavy.m7i.toFixed(2)}, m7a +${growth.m7a.toFixed(2)} to ×${heavy.m7a.toFixed(2)}`;
    console.log(msg);
    assert.ok(growth.m7a < growth.m7i && growth.m7i < growth.r5, msg);
    assert.ok(heavy.m7a < heavy.m7i && heavy.m7i < heavy.r5, msg);
  });
});
