// Health probes every period: lookups and a mountinfo read; one past its timeout counts once, even
// if it is still stuck when the run stops.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstRecorder, HealthProber } from '../../../src/workload/index.ts';
import { smallKernel } from '../../support/smallKernel.ts';

function probing(timeoutPs: number, holdNsWritePs: number) {
  const w = smallKernel({
    cpus: 2,
    preset: 'r5.metal',
    seed: 'probe',
    contextSwitchPs: 0,
    kernel: { backgroundLookupsPerCpu: '0' },
  });
  const recorder = new BurstRecorder(w.kernel.table.size);
  const prober = new HealthProber(
    w.env,
    w.kernel,
    w.thread('probe'),
    { periodPs: 1_000_000_000_000, timeoutPs, lookups: 2 },
    recorder,
  );
  prober.start();
  // A writer that holds namespace_sem from 0.5 s for `holdNsWritePs`: a probe's mountinfo read waits.
  const hog = w.thread('hog');
  w.env.process(
    (function* () {
      yield 500_000_000_000;
      yield* w.kernel.ns.write(hog);
      yield* hog.cpu(holdNsWritePs);
      w.kernel.ns.writeUnlock(hog);
      w.sched.yieldCpu(hog.st);
    })(),
  );
  w.env.run(3_500_000_000_000);
  prober.stop();
  return recorder;
}

describe('HealthProber', () => {
  it('probes every period from 1 s on', () => {
    const r = probing(30_000_000_000_000, 0);
    assert.equal(r.probes, 3);
    assert.equal(r.probeTimeouts, 0);
  });

  it('a probe blocked past its timeout counts once, stuck or not', () => {
    const r = probing(200_000_000_000, 10_000_000_000_000);
    assert.equal(r.probes, 1, 'the next probe waits for the stuck one');
    assert.equal(r.probeTimeouts, 1);
  });
});
