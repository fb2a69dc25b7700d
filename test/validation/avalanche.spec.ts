// Readers that turn into writers (issue 7, DESIGN §1.4): lookups caught mid-walk by a mount_lock
// write fall back to ref-walk, and __legitimize_mnt takes lock_mount_hash() when the count moves
// again within its window. Each write thus begets λ·pathLookup·(1 − e^(−r·legitimizeWindow)) more in
// expectation. A test on a small machine with known parameters: a burst of writes (the stimulus) is
// applied and stopped; below the threshold the background writes die out, above it they sustain
// themselves after the stimulus is gone, and the switch between the two is sharp in λ.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPreset } from '../../src/cli/models.ts';
import { Environment } from '../../src/engine/index.ts';
import { Coherence, coherenceParamsOf, LatencyModel, latencyParamsOf, Topology } from '../../src/hw/index.ts';
import { MountSubsystem, resolveKernelParams } from '../../src/kernel/index.ts';
import { RandomStreams } from '../../src/random/index.ts';
import { Scheduler } from '../../src/sched/index.ts';
import { SeqLock } from '../../src/sync/index.ts';

/** Background writes in the 1 ms after a 200 µs stimulus of one write every 2 µs. */
function aftermath(lookupsPerCpu: number): number {
  const preset = loadPreset('m7i.metal-24xl');
  const topology = new Topology({ sockets: 1, coresPerSocket: 16, l3DomainsPerSocket: 1, threadsPerCore: 1 });
  const env = new Environment();
  const streams = new RandomStreams('avalanche');
  const latency = new LatencyModel(topology, latencyParamsOf(preset));
  const fabric = new Coherence(env, latency, coherenceParamsOf(preset), streams.stream('c'));
  const ctx = { env, fabric, topology, stream: (n: string) => streams.stream(n) };
  const params = resolveKernelParams({
    backgroundLoad: '0.75',
    backgroundLookupsPerCpu: String(lookupsPerCpu),
    pathLookup: '1.2us',
    legitimizeWindow: '1us',
    mountLockHold: '0.5us',
  });
  const sched = new Scheduler(env, topology.onlineCpus(), { slicePs: 3e9, wakeupPs: 5e6, contextSwitchPs: 0 });
  const kernel = new MountSubsystem(
    ctx,
    sched,
    latency,
    params,
    new SeqLock(ctx, 'mount_lock', { layout: 'shared-line', spinlock: 'qspinlock' }),
    streams.stream('k'),
  );
  const t = { st: sched.thread('stimulus'), sync: { id: 0, cpu: 0, name: 'stimulus' } };
  env.process(
    (function* () {
      for (let i = 0; i < 100; i++) {
        yield* kernel.mountLockWrite(t, 500_000);
        yield* kernel.cpu(t, 1_500_000);
      }
      sched.yieldCpu(t.st);
    })(),
  );
  env.run(200_000_000);
  const before = kernel.counters.legitimizeWrites;
  env.run(1_200_000_000);
  return kernel.counters.legitimizeWrites - before;
}

describe('readers turned writers: the avalanche threshold', () => {
  const rates = [20_000, 50_000, 100_000, 200_000, 400_000, 800_000];
  const after = rates.map(aftermath);
  const table = rates.map((r, i) => `${r / 1000}k/s → ${after[i]}`).join(', ');
  console.log(`background writes in the 1 ms after the stimulus: ${table}`);

  it('below the threshold the background writes die out once the stimulus stops', () => {
    assert.ok((after[0] as number) < 20, table);
  });

  it('above it they sustain themselves', () => {
    assert.ok((after.at(-1) as number) > 200, table);
  });

  it('the switch is sharp: one doubling of the lookup rate multiplies the aftermath tenfold somewhere', () => {
    let sharp = false;
    for (let i = 1; i < after.length; i++)
      if ((after[i] as number) >= 10 * Math.max(1, after[i - 1] as number)) sharp = true;
    assert.ok(sharp, table);
  });
});
