// Scheduler laws (issue 7): no thread runs on two CPUs and no CPU runs two threads; a runnable thread
// never waits while a CPU idles or an optimistic spinner holds one; work is conserved (every burst's work is done, exactly); and a
// sleeping-lock holder preempted at the end of its slice makes its waiter wait at least as long.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '../../src/engine/index.ts';
import { Scheduler, type SchedThread } from '../../src/sched/index.ts';
import { fc } from '../support/fastCheck.ts';

describe('scheduler laws', () => {
  it('exclusive CPUs, work-conserving dispatch, all work done', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.array(
            fc.record({
              kind: fc.constantFrom('work', 'sleep', 'spin', 'yspin'),
              us: fc.integer({ min: 0, max: 20_000 }),
            }),
            {
              minLength: 1,
              maxLength: 8,
            },
          ),
          { minLength: 1, maxLength: 10 },
        ),
        fc.integer({ min: 1, max: 5 }),
        (cpus, programs, sliceMs) => {
          const env = new Environment();
          const sched = new Scheduler(
            env,
            Array.from({ length: cpus }, (_, i) => i),
            {
              slicePs: sliceMs * 1_000_000_000,
              wakeupPs: 5_000_000,
              contextSwitchPs: 0,
            },
          );
          let expectedWork = 0;
          let finished = 0;
          for (const [n, program] of programs.entries()) {
            const t = sched.thread(`t${n}`);
            let step = 0;
            const next = (): void => {
              const op = program[step++];
              if (op === undefined) {
                sched.yieldCpu(t);
                finished++;
                return;
              }
              const ps = op.us * 1_000_000;
              if (op.kind === 'work') {
                expectedWork += ps;
                sched.run(t, ps, next);
              } else if (op.kind === 'sleep') {
                sched.sleep(t);
                env.callWith(ps, () => sched.wake(t, 0, next), null);
              } else if (op.kind === 'yspin') {
                // spin for ps like an optimistic rwsem writer: give the CPU up (sleep) when another
                // thread needs it, and be woken when the spin would have ended
                sched.run(t, 0, () => {
                  let slept = false;
                  sched.spinYieldable(t, () => {
                    slept = true;
                    sched.sleep(t);
                  });
                  env.callWith(ps, () => (slept ? sched.wake(t, 0, next) : next()), null);
                });
              } else {
                // spin for ps (e.g. a spinlock held elsewhere), keeping the CPU
                sched.run(t, 0, () => {
                  sched.spin(t);
                  env.callWith(ps, next, null);
                });
              }
            };
            env.schedule(0, () => sched.run(t, 0, next));
          }
          while (env.step()) sched.checkInvariants();
          assert.equal(finished, programs.length);
          const used = sched.cpuTime();
          assert.equal(used.busyPs, expectedWork, 'busy time equals the work asked for (no context-switch cost here)');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('wakeThen: the woken thread’s next work ends when it would after wake(t, 0, …), with the same books', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 10, max: 40 }), // slice (µs): longer than any context switch, or a preempted thread never progresses
        fc.integer({ min: 0, max: 5 }),
        (cpus, programs, sliceUs, switchUs) => {
          const run = (early: boolean) => {
            const env = new Environment();
            const sched = new Scheduler(
              env,
              Array.from({ length: cpus }, (_, i) => i),
              { slicePs: sliceUs * 1_000_000, wakeupPs: 2_000_000, contextSwitchPs: switchUs * 1_000_000 },
            );
            const ends: string[] = [];
            for (const [n, program] of programs.entries()) {
              const t = sched.thread(`t${n}`);
              let step = 0;
              // Each step: work, then sleep as long, then wake for the next step.
              const work = (owedPs: number): void => {
                const us = program[step++];
                if (us === undefined) {
                  // The owed switch is still work to do before the CPU is given up.
                  if (owedPs > 0) sched.run(t, owedPs, () => sched.yieldCpu(t));
                  else sched.yieldCpu(t);
                  return;
                }
                const ps = us * 1_000_000;
                const done = (): void => {
                  ends.push(`${t.name}.${step}@${env.now}`);
                  sched.sleep(t);
                  env.callWith(
                    ps,
                    () =>
                      early ? sched.wakeThen(t, (readyAt) => work(readyAt - env.now)) : sched.wake(t, 0, () => work(0)),
                    null,
                  );
                };
                if (sched.runInline(t, ps + owedPs)) env.callWith(ps + owedPs, done, null);
                else sched.run(t, ps + owedPs, done);
              };
              env.schedule(0, () => sched.run(t, 0, () => work(0)));
            }
            while (env.step()) sched.checkInvariants();
            const books = sched.cpuTime();
            return { ends: ends.sort(), busy: books.busyPs, switched: books.switchPs, events: env.eventsProcessed };
          };
          const plain = run(false);
          const early = run(true);
          assert.deepEqual(early.ends, plain.ends);
          assert.equal(early.busy, plain.busy, 'busy time');
          assert.equal(early.switched, plain.switched, 'switch time');
          assert.ok(early.events <= plain.events);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a preempted lock holder lengthens its waiter’s wait by the preemption', () => {
    // One CPU; H holds a sleeping lock and needs 10 ms of CPU; X is CPU-bound; slice 3 ms.
    const run = (withX: boolean): number => {
      const env = new Environment();
      const sched = new Scheduler(env, [0], { slicePs: 3_000_000_000, wakeupPs: 0, contextSwitchPs: 0 });
      const h: SchedThread = sched.thread('holder');
      const x: SchedThread = sched.thread('hog');
      let released = -1;
      sched.run(h, 10_000_000_000, () => {
        released = env.now;
        sched.yieldCpu(h);
      });
      if (withX) env.schedule(1, () => sched.run(x, 20_000_000_000, () => sched.yieldCpu(x)));
      env.run();
      return released;
    };
    const alone = run(false);
    const preempted = run(true);
    assert.equal(alone, 10_000_000_000);
    // H runs 0–3, 6–9, 12–15 and 18–19 ms; X runs in between: H is off the CPU for three slices, and
    // every waiter of H's lock waits those 9 ms on top.
    assert.equal(preempted - alone, 9_000_000_000);
  });
});
