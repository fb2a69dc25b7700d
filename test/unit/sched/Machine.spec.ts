// One machine builder for every simulation: the same spec and seed give the same machine.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMachineSpec } from '../../../src/hw/index.ts';
import { buildMachine, DEFAULT_SCHED_PARAMS } from '../../../src/sched/index.ts';

describe('buildMachine', () => {
  const spec = loadMachineSpec('r5.metal');

  it('SMT on or off sets the online CPUs; the scheduler runs on exactly those', () => {
    const on = buildMachine(spec, { smt: true, seed: '1', sched: DEFAULT_SCHED_PARAMS });
    const off = buildMachine(spec, { smt: false, seed: '1', sched: DEFAULT_SCHED_PARAMS });
    assert.equal(on.topology.onlineCpus().length, 96);
    assert.equal(off.topology.onlineCpus().length, 48);
    assert.deepEqual(on.sched?.cpus, on.topology.onlineCpus());
    assert.deepEqual(off.sched?.cpus, off.topology.onlineCpus());
  });

  it('no scheduler unless asked (lockbench pins its threads)', () => {
    assert.equal(buildMachine(spec, { smt: true, seed: '1' }).sched, null);
  });

  it('streams depend on the seed and the name only', () => {
    const a = buildMachine(spec, { smt: true, seed: 's' });
    const b = buildMachine(spec, { smt: false, seed: 's' });
    assert.equal(a.ctx.stream('x').next(), b.streams.stream('x').next());
    assert.notEqual(a.ctx.stream('y').next(), buildMachine(spec, { smt: true, seed: 't' }).ctx.stream('y').next());
  });

  it('the mean transfer latency lies between the machine’s nearest and farthest classes', () => {
    const m = buildMachine(spec, { smt: true, seed: '1' });
    const mean = m.latency.meanTransferPs();
    assert.ok(mean > 7_600 && mean < 137_500, `${mean} ps`);
  });
});
