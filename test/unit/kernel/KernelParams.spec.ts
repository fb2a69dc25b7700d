// Kernel parameters resolve once, at the boundary, into a typed object; model code reads fields.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KERNEL_PARAMS, resolveKernelParams, schedParamsOf } from '../../../src/kernel/index.ts';
import { DEFAULT_SCHED_PARAMS, SCHED_PARAMS } from '../../../src/sched/index.ts';

describe('KernelParams', () => {
  it('defaults: durations in ps, counts and factors as numbers, booleans as booleans', () => {
    const p = resolveKernelParams({});
    assert.equal(p.pathLookup, 1_200_000);
    assert.equal(p.runtimeMountinfoReads, 72);
    assert.equal(p.childWalkTransfers, 0.5);
    assert.equal(p.backgroundCompetes, false);
  });

  it('overrides by name; an unknown name or a bad value names its path', () => {
    const p = resolveKernelParams({ mountLockHold: '2us', backgroundCompetes: '1' });
    assert.equal(p.mountLockHold, 2_000_000);
    assert.equal(p.backgroundCompetes, true);
    assert.throws(() => resolveKernelParams({ mountLockHld: '2us' }), /kernel\.mountLockHld.*unknown kernel parameter/);
    assert.throws(
      () => resolveKernelParams({ hostMounts: 'many' }, 'x.yaml: kernel.params'),
      /kernel\.params\.hostMounts/,
    );
  });

  it('every parameter has a kind, a source and a range that resolves and contains the default', () => {
    for (const spec of KERNEL_PARAMS) {
      assert.ok(spec.source.length > 0, spec.name);
      if (!('range' in spec)) continue;
      const [lo, hi] = spec.range;
      const at = (v: string) => resolveKernelParams({ [spec.name]: v })[spec.name] as number | boolean;
      const d = at(spec.default);
      assert.ok(at(lo) <= d && d <= at(hi), `${spec.name}: ${lo} ≤ ${spec.default} ≤ ${hi}`);
    }
  });

  it("the scheduler's three are sched's own descriptors, with one default each", () => {
    for (const s of SCHED_PARAMS) assert.ok(KERNEL_PARAMS.includes(s), s.name);
    assert.deepEqual(schedParamsOf(resolveKernelParams({})), DEFAULT_SCHED_PARAMS);
  });
});
