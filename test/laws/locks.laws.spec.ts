// The law suite every lock must pass (issue 4), as fast-check properties over machines, thread
// counts, placements and timings: mutual exclusion; no lost wake-up (every thread finishes its
// acquisitions and the simulation drains); FIFO in request order where the descriptor claims it;
// seqlock readers never accept a read a writer overlapped, and retry exactly when one did; rwsem
// readers and writers exclude each other and a waiting writer is served before readers that arrive
// after it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPreset, machineSpecOf, type Topology } from '../../src/hw/index.ts';
import type { Environment } from '../../src/engine/index.ts';
import { buildMachine } from '../../src/sched/index.ts';
import {
  createExclusiveLock,
  descriptorOf,
  EXCLUSIVE_LOCKS,
  type ExclusiveLock,
  Rcu,
  resolveParams,
  RwSem,
  type SyncContext,
  type SyncThread,
  SeqLock,
} from '../../src/sync/index.ts';
import { fc } from '../support/fastCheck.ts';

const MACHINES = ['r5.metal', 'm7a.24xlarge', '8x-opteron-6core', 'm7i.metal-24xl'] as const;
const presets = new Map(MACHINES.map((m) => [m, loadPreset(m)]));

function context(machine: (typeof MACHINES)[number], seed: string, smt = true) {
  const preset = presets.get(machine)!;
  const { ctx, env, topology } = buildMachine(machineSpecOf(preset), { smt, seed });
  return { ctx: ctx as SyncContext, env, topology, preset };
}

const scenarioArb = fc.record({
  machine: fc.constantFrom(...MACHINES),
  threads: fc.integer({ min: 1, max: 12 }),
  spreadCpus: fc.boolean(),
  iterations: fc.integer({ min: 1, max: 6 }),
  csNs: fc.integer({ min: 0, max: 400 }),
  thinkNs: fc.integer({ min: 0, max: 2000 }),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
});

/** Readers and writers arriving at random times (µs) with random holds (ns), and a seed. */
const rwsemOps = (maxLength: number) =>
  fc.record({
    ops: fc.array(
      fc.record({
        writer: fc.boolean(),
        at: fc.integer({ min: 0, max: 20_000 }),
        holdNs: fc.integer({ min: 1, max: 5_000 }),
      }),
      { minLength: 1, maxLength },
    ),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  });

function cpusFor(topology: Topology, threads: number, spread: boolean): number[] {
  const online = topology.onlineCpus();
  if (!spread) return online.slice(0, threads);
  const step = Math.max(1, Math.floor(online.length / threads));
  return Array.from({ length: threads }, (_, i) => online[(i * step) % online.length] as number);
}

/** Runs `iterations` acquire/release rounds per thread; returns the acquisition and request orders. */
function drive(
  lock: ExclusiveLock,
  env: Environment,
  threads: SyncThread[],
  iterations: number,
  csPs: number,
  thinkPs: number,
  stream: () => number,
) {
  let holder: SyncThread | null = null;
  const done = new Array<number>(threads.length).fill(0);
  const requests: number[] = [];
  const acquisitions: number[] = [];
  const request = (t: SyncThread): void => {
    requests.push(t.id);
    lock.acquire(t, acquired);
  };
  const acquired = (t: SyncThread): void => {
    assert.equal(holder, null, `${t.name} acquired ${lock.name} while ${holder?.name} holds it`);
    assert.equal(lock.holder, t, 'the lock names its holder');
    holder = t;
    acquisitions.push(t.id);
    env.callWith(csPs, release, t);
  };
  const release = (t: SyncThread): void => {
    holder = null;
    const go = lock.release(t, next);
    if (go >= 0) env.callWith(go - env.now, next, t);
  };
  const next = (t: SyncThread): void => {
    done[t.id] = (done[t.id] as number) + 1;
    if ((done[t.id] as number) < iterations) env.callWith(Math.floor(stream() * thinkPs), request, t);
  };
  for (const t of threads) env.callWith(Math.floor(stream() * thinkPs), request, t);
  env.run();
  return { done, requests, acquisitions };
}

describe('lock laws', () => {
  for (const kind of EXCLUSIVE_LOCKS) {
    const descriptor = descriptorOf(kind)!;
    it(`${kind}: mutual exclusion, no lost wake-up${descriptor.fairness === 'fifo' ? ', FIFO' : ''}`, () => {
      fc.assert(
        fc.property(scenarioArb, (s) => {
          const { ctx, env, topology, preset } = context(s.machine, `law-${s.seed}`);
          const params = resolveParams(descriptor, {}, preset.clockGHz.value);
          const lock = createExclusiveLock(kind, ctx, kind, params);
          const cpus = cpusFor(topology, s.threads, s.spreadCpus);
          const threads = cpus.map((cpu, id) => ({ id, cpu, name: `t${id}` }));
          const stream = ctx.stream('harness');
          const r = drive(lock, env, threads, s.iterations, s.csNs * 1000, s.thinkNs * 1000, () => stream.next());
          // Progress: everybody finished, nothing is left pending (no thread is stuck spinning).
          assert.deepEqual(r.done, new Array(s.threads).fill(s.iterations));
          assert.equal(env.pending, 0);
          for (const line of lock.lines()) assert.equal(line.spinnerCount, 0, `${line.name} still has spinners`);
          if (descriptor.fairness === 'fifo') assert.deepEqual(r.acquisitions, r.requests, 'acquired in request order');
        }),
        { numRuns: 40 },
      );
    });
  }

  it('cna is FIFO on a single socket (its reordering is only across sockets)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const { ctx, env, topology, preset } = context('m7i.metal-24xl', `cna-${s.seed}`);
        const lock = createExclusiveLock(
          'cna',
          ctx,
          'cna',
          resolveParams(descriptorOf('cna')!, {}, preset.clockGHz.value),
        );
        const threads = cpusFor(topology, s.threads, s.spreadCpus).map((cpu, id) => ({ id, cpu, name: `t${id}` }));
        const stream = ctx.stream('harness');
        const r = drive(lock, env, threads, s.iterations, s.csNs * 1000, s.thinkNs * 1000, () => stream.next());
        assert.deepEqual(r.acquisitions, r.requests);
      }),
      { numRuns: 30 },
    );
  });

  it('seqlock: readers never accept a read a writer overlapped, and retry exactly when one did', () => {
    let retried = 0;
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record({
          machine: fc.constantFrom(...MACHINES),
          layout: fc.constantFrom('shared-line', 'padded'),
          writers: fc.integer({ min: 1, max: 4 }),
          readers: fc.integer({ min: 1, max: 8 }),
          csNs: fc.integer({ min: 1, max: 500 }),
          readNs: fc.integer({ min: 1, max: 500 }),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        (s) => {
          const { ctx, env, topology, preset } = context(s.machine, `seq-${s.seed}`);
          const lock = new SeqLock(
            ctx,
            'seq',
            resolveParams(descriptorOf('seqlock')!, { layout: s.layout }, preset.clockGHz.value),
          );
          lock.log = { writes: [], reads: [] };
          const cpus = topology.onlineCpus();
          const stream = ctx.stream('harness');
          let id = 0;
          const writers = Array.from({ length: s.writers }, () => ({
            id: id++,
            cpu: cpus[id % cpus.length] as number,
            name: `w${id}`,
          }));
          const readers = Array.from({ length: s.readers }, () => ({
            id: id++,
            cpu: cpus[(id * 7) % cpus.length] as number,
            name: `r${id}`,
          }));
          let completedReads = 0;
          for (const w of writers) {
            let rounds = 0;
            const go = (t: SyncThread): void => lock.acquire(t, inside);
            const inside = (t: SyncThread): void => env.callWith(s.csNs * 1000, out, t);
            const out = (t: SyncThread): void => {
              const r = lock.release(t, after);
              if (r >= 0) env.callWith(r - env.now, after, t);
            };
            const after = (t: SyncThread): void => {
              if (++rounds < 5) env.callWith(Math.floor(stream.next() * 2_000_000), go, t);
            };
            env.callWith(Math.floor(stream.next() * 1_000_000), go, w);
          }
          for (const r of readers) {
            let rounds = 0;
            const go = (t: SyncThread): void => lock.read(t, s.readNs * 1000, done);
            const done = (t: SyncThread): void => {
              completedReads++;
              if (++rounds < 5) env.callWith(Math.floor(stream.next() * 1_000_000), go, t);
            };
            env.callWith(Math.floor(stream.next() * 1_000_000), go, r);
          }
          env.run();
          assert.equal(completedReads, s.readers * 5);
          for (const a of lock.log.reads) {
            const overlapped = lock.log.writes.some((w) => w.beginSeq < a.checkSeq && w.endSeq > a.sampleSeq);
            assert.equal(a.retried, overlapped, `${a.thread.name}: retried=${a.retried} but overlapped=${overlapped}`);
            if (a.retried) retried++;
            else accepted++;
          }
        },
      ),
      { numRuns: 60 },
    );
    // The law is not vacuous: writers did overlap readers, and readers did get through.
    assert.ok(retried > 0 && accepted > 0, `retried ${retried}, accepted ${accepted}`);
  });

  it('seqlock: the early-resume forms (acquireThen, read early) report the times the plain forms act at', () => {
    fc.assert(
      fc.property(
        fc.record({
          machine: fc.constantFrom(...MACHINES),
          writers: fc.integer({ min: 1, max: 4 }),
          readers: fc.integer({ min: 1, max: 6 }),
          csNs: fc.integer({ min: 1, max: 500 }),
          readNs: fc.integer({ min: 1, max: 500 }),
          seed: fc.integer({ min: 0, max: 1_000_000 }),
        }),
        (s) => {
          // Sections and reads are a few ps off the ns grid, so that independent chains of events do
          // not end at the same instant: at such a tie the two forms may take either order, both valid.
          const run = (early: boolean) => {
            const { ctx, env, topology, preset } = context(s.machine, `seq-early-${s.seed}`);
            const lock = new SeqLock(ctx, 'seq', resolveParams(descriptorOf('seqlock')!, {}, preset.clockGHz.value));
            const cpus = topology.onlineCpus();
            const sections: string[] = [];
            const reads: string[] = [];
            let id = 0;
            const thread = (name: string): SyncThread => ({
              id: id++,
              cpu: cpus[(id * 5) % cpus.length] as number,
              name,
            });
            for (const w of Array.from({ length: s.writers }, (_, i) => thread(`w${i}`))) {
              let rounds = 0;
              // One stream per thread: the early forms call back at other moments, not in another order per thread.
              const stream = ctx.stream(`harness-${w.name}`);
              const section = (t: SyncThread, opened: number): void =>
                env.callWith(opened - env.now + s.csNs * 1000 + 7, out, t);
              const go = (t: SyncThread): void => {
                if (early) lock.acquireThen(t, (th, oddAt) => section(th, oddAt));
                else lock.acquire(t, (th) => section(th, env.now));
              };
              const out = (t: SyncThread): void => {
                sections.push(`${t.name}@${env.now}`);
                lock.release(t, () => undefined);
                if (++rounds < 4) env.callWith(Math.floor(stream.next() * 2_000_000), go, t);
              };
              env.callWith(Math.floor(stream.next() * 1_000_000), go, w);
            }
            for (const r of Array.from({ length: s.readers }, (_, i) => thread(`r${i}`))) {
              let rounds = 0;
              const stream = ctx.stream(`harness-${r.name}`);
              const done = (t: SyncThread, retries: number, doneAt: number): void => {
                reads.push(`${t.name}:${retries}@${doneAt}`);
                if (++rounds < 4) env.callWith(doneAt - env.now + Math.floor(stream.next() * 1_000_000), go, t);
              };
              const go = (t: SyncThread): void =>
                lock.read(t, s.readNs * 1000 + 3, done, Number.POSITIVE_INFINITY, early);
              env.callWith(Math.floor(stream.next() * 1_000_000), go, r);
            }
            env.run();
            return { sections, reads: reads.sort(), events: env.eventsProcessed };
          };
          const plain = run(false);
          const early = run(true);
          assert.deepEqual(early.sections, plain.sections);
          assert.deepEqual(early.reads, plain.reads);
          assert.ok(early.events < plain.events, `${early.events} events early vs ${plain.events} plain`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rwsem: a grant by a release comes to onGranted at once, with the time onAcquired would run at', () => {
    fc.assert(
      fc.property(rwsemOps(20), (s) => {
        const run = (early: boolean) => {
          const { ctx, env, topology, preset } = context('r5.metal', `rw-early-${s.seed}`);
          const sem = new RwSem(ctx, 'sem', resolveParams(descriptorOf('rwsem')!, {}, preset.clockGHz.value));
          const cpus = topology.onlineCpus();
          const granted: string[] = [];
          s.ops.forEach((op, id) => {
            const t: SyncThread = { id, cpu: cpus[id % cpus.length] as number, name: `t${id}` };
            const got = (th: SyncThread): void => {
              granted.push(`${th.name}@${env.now}`);
              env.callWith(op.holdNs * 1000, () => (op.writer ? sem.releaseWrite(th) : sem.releaseRead(th)), th);
            };
            const onGranted = early
              ? (th: SyncThread, at: number): void => {
                  assert.ok(at >= env.now, 'a grant takes effect now or later');
                  env.callWith(at - env.now, got, th);
                }
              : null;
            env.schedule(op.at * 1000, () =>
              op.writer ? sem.acquireWrite(t, got, onGranted) : sem.acquireRead(t, got, onGranted),
            );
          });
          env.run();
          return granted.sort();
        };
        assert.deepEqual(run(true), run(false));
      }),
      { numRuns: 60 },
    );
  });

  it('rwsem (readerWakeup=front): exclusion, and a waiting writer goes before readers that arrive after it', () => {
    fc.assert(
      fc.property(rwsemOps(25), (s) => {
        const { ctx, env, topology, preset } = context('r5.metal', `rw-${s.seed}`);
        const sem = new RwSem(
          ctx,
          'sem',
          resolveParams(descriptorOf('rwsem')!, { readerWakeup: 'front' }, preset.clockGHz.value),
        );
        const cpus = topology.onlineCpus();
        let writers = 0;
        let readers = 0;
        const grantedAt = new Map<number, number>();
        const waitingWriterSince = new Map<number, number>(); // writer id → time it queued
        const arrivals: { id: number; writer: boolean; at: number; queuedBehindWriter: number[] }[] = [];
        s.ops.forEach((op, id) => {
          const t: SyncThread = { id, cpu: cpus[id % cpus.length] as number, name: `${op.writer ? 'w' : 'r'}${id}` };
          env.schedule(op.at * 1000, () => {
            const waitingWriters = [...waitingWriterSince.keys()];
            arrivals.push({
              id,
              writer: op.writer,
              at: env.now,
              queuedBehindWriter: op.writer ? [] : waitingWriters,
            });
            const got = (th: SyncThread): void => {
              waitingWriterSince.delete(th.id);
              grantedAt.set(th.id, env.now);
              if (op.writer) {
                assert.equal(
                  writers + readers,
                  0,
                  `${th.name} writes while ${writers} writers, ${readers} readers hold it`,
                );
                writers++;
              } else {
                assert.equal(writers, 0, `${th.name} reads while a writer holds it`);
                readers++;
              }
              env.callWith(
                op.holdNs * 1000,
                () => {
                  if (op.writer) {
                    writers--;
                    sem.releaseWrite(th);
                  } else {
                    readers--;
                    sem.releaseRead(th);
                  }
                },
                th,
              );
            };
            if (op.writer) {
              sem.acquireWrite(t, got);
              if (!grantedAt.has(id) && sem.writer !== t) waitingWriterSince.set(id, env.now);
            } else sem.acquireRead(t, got);
          });
        });
        env.run();
        assert.equal(grantedAt.size, s.ops.length, 'everyone got the semaphore');
        for (const a of arrivals) {
          for (const w of a.queuedBehindWriter) {
            assert.ok(
              (grantedAt.get(w) as number) <= (grantedAt.get(a.id) as number),
              `reader ${a.id} went before waiting writer ${w}`,
            );
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it('rwsem (phase-fair, Linux ≥ 5.3): a reader phase takes queued readers from behind a writer', () => {
    const { ctx, env, topology, preset } = context('r5.metal', 'phase');
    const sem = new RwSem(ctx, 'sem', resolveParams(descriptorOf('rwsem')!, {}, preset.clockGHz.value));
    const cpus = topology.onlineCpus();
    const all = [0, 1, 2, 3].map((id): SyncThread => ({ id, cpu: cpus[id] as number, name: `t${id}` }));
    const th = (id: number): SyncThread => all[id] as SyncThread;
    const order: string[] = [];
    sem.acquireWrite(th(0), () => order.push('w0'));
    env.run(1_000_000);
    sem.acquireRead(th(1), () => order.push('r1')); // queues behind the writer holding it
    sem.acquireWrite(th(2), () => order.push('w2'));
    sem.acquireRead(th(3), () => order.push('r3')); // arrives after the waiting writer w2
    env.run(2_000_000);
    sem.releaseWrite(th(0));
    env.run(100_000_000);
    assert.deepEqual(order.slice(0, 3).sort(), ['r1', 'r3', 'w0']);
    assert.equal(sem.readers, 2);
    assert.equal(sem.waiting, 1);
  });

  it('rwsem: a reader phase wakes at most 256 readers, the oldest first, wherever the writers stand', () => {
    for (const readerWakeup of ['phase-fair', 'front'] as const) {
      const { ctx, env, topology, preset } = context('r5.metal', `cap-${readerWakeup}`);
      const sem = new RwSem(ctx, 'sem', resolveParams(descriptorOf('rwsem')!, { readerWakeup }, preset.clockGHz.value));
      const cpus = topology.onlineCpus();
      const all = Array.from(
        { length: 303 },
        (_, id): SyncThread => ({ id, cpu: cpus[id % cpus.length] as number, name: `t${id}` }),
      );
      const th = (id: number): SyncThread => all[id] as SyncThread;
      const granted: number[] = [];
      sem.acquireWrite(th(0), () => undefined);
      env.run(1_000_000);
      // 300 readers queue behind the writer, with a writer queued after the 100th and the 200th.
      const writersAt = new Set([101, 202]);
      for (let id = 1; id <= 302; id++) {
        if (writersAt.has(id)) sem.acquireWrite(th(id), () => granted.push(id));
        else sem.acquireRead(th(id), () => granted.push(id));
      }
      env.run(2_000_000);
      sem.releaseWrite(th(0));
      env.run(100_000_000);
      const readers = Array.from({ length: 302 }, (_, i) => i + 1).filter((id) => !writersAt.has(id));
      const expected = readerWakeup === 'phase-fair' ? readers.slice(0, 256) : readers.slice(0, 100);
      assert.deepEqual(
        [...granted].sort((a, b) => a - b),
        expected,
        readerWakeup,
      );
      assert.equal(sem.readers, expected.length);
      assert.equal(sem.waiting, 302 - expected.length);
    }
  });

  it('rcu: a caller waits for a grace period that starts after its call; one grace period serves a batch', () => {
    const { ctx, env, topology, preset } = context('r5.metal', 'rcu');
    const rcu = new Rcu(ctx, 'rcu', resolveParams(descriptorOf('rcu')!, {}, preset.clockGHz.value));
    const gp = rcu.expeditedPs();
    assert.equal(gp, 100_000_000 + 96 * 5_000_000);
    const doneAt: number[] = [];
    const th = (id: number): SyncThread => ({ id, cpu: id, name: `t${id}` });
    rcu.synchronizeExpedited(th(0), () => doneAt.push(env.now)); // starts a GP at 0
    env.run(1000);
    rcu.synchronizeExpedited(th(1), () => doneAt.push(env.now)); // waits for the next GP
    rcu.synchronizeExpedited(th(2), () => doneAt.push(env.now)); // shares it
    env.run();
    assert.deepEqual(doneAt, [gp, 2 * gp, 2 * gp]);
    assert.equal(rcu.stats.expeditedGracePeriods, 2);
    assert.equal(rcu.stats.ipis, 2 * topology.onlineCpus().length);
  });
});
