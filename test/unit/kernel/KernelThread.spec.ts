// A kernel thread's CPU steps: inline while it holds its CPU and the work fits in its slice (no
// event), through the scheduler otherwise; the debt an early resume left goes first.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smallKernel } from '../../support/smallKernel.ts';

describe('KernelThread', () => {
  it('runs its work, the debt included, and is then on a CPU', () => {
    const w = smallKernel({ cpus: 2, preset: 'r5.metal', seed: 'kt', contextSwitchPs: 0, kernel: {} });
    const t = w.thread('a');
    let doneAt = -1;
    w.env.process(
      (function* () {
        yield* t.cpu(1_000_000); // first step: through the scheduler (no CPU yet)
        t.debt = 500_000;
        yield* t.cpu(2_000_000); // inline: holds its CPU, fits in the slice
        doneAt = w.env.now;
        w.sched.yieldCpu(t.st);
      })(),
    );
    w.env.run();
    assert.equal(doneAt, 3_500_000);
    assert.equal(t.debt, 0);
  });

  it('a zero-length step on its CPU waits for nothing', () => {
    const w = smallKernel({ cpus: 1, preset: 'r5.metal', seed: 'kt', contextSwitchPs: 0, kernel: {} });
    const t = w.thread('a');
    w.env.process(
      (function* () {
        yield* t.cpu(1_000);
        assert.equal(t.onCpu(0), null);
        w.sched.yieldCpu(t.st);
      })(),
    );
    w.env.run();
  });
});
