// rwsem optimistic spinning of namespace_sem writers (issue 7: "a writer spins optimistically while
// the owner is running on a CPU, sleeps otherwise"): a spinner keeps its CPU only while the owner is
// on a CPU and no other thread needs that CPU.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Signal } from '../../../src/engine/index.ts';
import type { KernelThread } from '../../../src/kernel/index.ts';
import { smallKernel } from '../../support/smallKernel.ts';

/** `t` gives its CPU up for `ps` (holding what it holds), then wakes: yield the returned signal. */
function sleepFor(w: ReturnType<typeof smallKernel>, t: KernelThread, ps: number): Signal<unknown> {
  const s = new Signal<unknown>(w.env);
  w.sched.sleep(t.st);
  w.sched.wake(t.st, 0, () => s.succeed(), ps);
  return s;
}

describe('namespace_sem optimistic spinning', () => {
  it('a spinner gives its CPU to a thread that becomes runnable (need_resched)', () => {
    const { env, sched, kernel, thread } = smallKernel({
      cpus: 2,
      preset: 'r5.metal',
      seed: 's',
      contextSwitchPs: 0,
      kernel: {},
    });
    const a = thread('owner');
    const b = thread('spinner');
    const c = thread('late');
    let cStarted = -1;
    let aReleased = -1;
    env.process(
      (function* () {
        yield* kernel.ns.write(a);
        yield* a.cpu(1_000_000_000); // 1 ms inside namespace_sem
        aReleased = env.now;
        kernel.ns.writeUnlock(a);
        sched.yieldCpu(a.st);
      })(),
    );
    env.process(
      (function* () {
        yield 10_000_000; // 10 µs: the owner holds the semaphore and runs
        yield* kernel.ns.write(b);
        kernel.ns.writeUnlock(b);
        sched.yieldCpu(b.st);
      })(),
    );
    env.process(
      (function* () {
        yield 100_000_000; // 100 µs: both CPUs are taken (owner working, writer spinning)
        yield* c.cpu(1_000);
        cStarted = env.now;
        sched.yieldCpu(c.st);
      })(),
    );
    for (;;) {
      if (!env.step()) break;
      sched.checkInvariants();
    }
    assert.equal(kernel.counters.optimisticSpins, 1, 'the second writer spun: the owner was on a CPU');
    assert.equal(kernel.counters.spinAborts, 1, 'and stopped spinning for the runnable thread');
    assert.ok(
      cStarted > 0 && cStarted < aReleased,
      `the late thread ran at ${cStarted} ps, before the owner released at ${aReleased}`,
    );
  });

  const watch = (
    w: ReturnType<typeof smallKernel>,
    owner: () => ReturnType<ReturnType<typeof smallKernel>['thread']> | undefined,
  ) => {
    let bad = 0;
    for (;;) {
      if (!w.env.step()) break;
      w.sched.checkInvariants();
      const o = owner();
      const ownerOff = o !== undefined && w.kernel.ns.sem.writer === o.sync && o.st.cpu < 0;
      // Spinning writers are in the wait list; anyone spinning while the owner is off its CPU is wrong.
      if (ownerOff && spinners.some((s) => s.st.state === 'spinning')) bad++;
    }
    return bad;
  };
  let spinners: ReturnType<ReturnType<typeof smallKernel>['thread']>[] = [];

  it('spinners go to sleep when the owner goes off its CPU', () => {
    // The owner sleeps while it holds namespace_sem (an allocation, I/O): the spinner must not keep spinning.
    const w = smallKernel({ cpus: 2, preset: 'r5.metal', seed: 's', contextSwitchPs: 0, kernel: {} });
    const { env, sched, kernel, thread } = w;
    const a = thread('owner');
    const c = thread('spinner');
    spinners = [c];
    env.process(
      (function* () {
        yield* kernel.ns.write(a);
        yield* a.cpu(50_000_000);
        yield sleepFor(w, a, 100_000_000);
        yield* a.cpu(50_000_000);
        kernel.ns.writeUnlock(a);
        sched.yieldCpu(a.st);
      })(),
    );
    env.process(
      (function* () {
        yield 10_000_000;
        yield* kernel.ns.write(c);
        kernel.ns.writeUnlock(c);
        sched.yieldCpu(c.st);
      })(),
    );
    const bad = watch(w, () => a);
    assert.equal(kernel.counters.optimisticSpins, 1, 'it spun while the owner ran');
    assert.equal(kernel.counters.spinAborts, 1, 'and stopped when the owner slept');
    assert.equal(bad, 0, 'no spinning behind an owner that is off its CPU');
  });

  it('spinners go to sleep when the semaphore passes to a sleeping waiter', () => {
    const w = smallKernel({ cpus: 3, preset: 'r5.metal', seed: 's', contextSwitchPs: 0, kernel: {} });
    const { env, sched, kernel, thread } = w;
    const a = thread('owner');
    const b = thread('sleeper');
    const c = thread('spinner');
    spinners = [c];
    let current: typeof a | undefined = a;
    env.process(
      (function* () {
        yield* kernel.ns.write(a);
        yield* a.cpu(20_000_000);
        yield sleepFor(w, a, 50_000_000); // B queues behind an owner off its CPU: B sleeps
        yield* a.cpu(100_000_000); // C queues behind a running owner: C spins
        current = b;
        kernel.ns.writeUnlock(a); // granted to B, asleep: C must stop spinning
        sched.yieldCpu(a.st);
      })(),
    );
    env.process(
      (function* () {
        yield 30_000_000;
        yield* kernel.ns.write(b);
        yield* b.cpu(10_000_000);
        current = c;
        kernel.ns.writeUnlock(b);
        sched.yieldCpu(b.st);
      })(),
    );
    env.process(
      (function* () {
        yield 100_000_000;
        yield* kernel.ns.write(c);
        current = undefined;
        kernel.ns.writeUnlock(c);
        sched.yieldCpu(c.st);
      })(),
    );
    const bad = watch(w, () => current);
    assert.equal(kernel.counters.optimisticSpins, 1, 'only the writer that queued behind a running owner spun');
    assert.equal(kernel.counters.spinAborts, 1, 'it stopped when the semaphore went to the sleeper');
    assert.equal(bad, 0, 'no spinning behind an owner that is off its CPU');
  });
});
