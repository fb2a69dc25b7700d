// Coherence laws (issue 3), as fast-check properties over generated topologies and request streams:
// a read after a write observes the write; requests at a mesh home are served FIFO one at a time;
// k readers in one CCX cause one IO-die request; total service time at a home grows linearly with
// the number of queued requests; invalidating more sharers never costs less.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Environment } from '../../src/engine/index.ts';
import {
  Coherence,
  type CoherenceParams,
  LatencyModel,
  type LatencyParams,
  type ServiceTrace,
  Topology,
} from '../../src/hw/index.ts';
import { RandomStream } from '../../src/random/index.ts';
import { fc } from '../support/fastCheck.ts';

interface Machine {
  readonly sockets: number;
  readonly l3PerSocket: number;
  readonly coresPerL3: number;
  readonly threadsPerCore: number;
  readonly interconnect: 'mesh' | 'chiplet';
  readonly broadcast: boolean;
  readonly smtNs: number;
  readonly nearNs: number;
  readonly spreadNs: number;
  readonly crossL3Ns: number;
  readonly crossSocketNs: number;
  readonly l3HitNs: number;
  readonly pauseNs: number;
}

const machineArb: fc.Arbitrary<Machine> = fc
  .record({
    sockets: fc.integer({ min: 1, max: 2 }),
    l3PerSocket: fc.integer({ min: 1, max: 3 }),
    coresPerL3: fc.integer({ min: 1, max: 4 }),
    threadsPerCore: fc.integer({ min: 1, max: 2 }),
    interconnect: fc.constantFrom('mesh' as const, 'chiplet' as const),
    broadcast: fc.boolean(),
    smtNs: fc.integer({ min: 4, max: 12 }),
    nearNs: fc.integer({ min: 20, max: 45 }),
    spreadNs: fc.integer({ min: 0, max: 30 }),
    crossL3Ns: fc.integer({ min: 80, max: 110 }),
    crossSocketNs: fc.integer({ min: 120, max: 200 }),
    l3HitNs: fc.integer({ min: 10, max: 35 }),
    pauseNs: fc.integer({ min: 0, max: 60 }),
  })
  .filter((m) => m.sockets * m.l3PerSocket * m.coresPerL3 >= 2);

function build(m: Machine, seed = 'laws') {
  const topology = new Topology({
    sockets: m.sockets,
    coresPerSocket: m.l3PerSocket * m.coresPerL3,
    l3DomainsPerSocket: m.l3PerSocket,
    threadsPerCore: m.threadsPerCore,
  });
  const lp: LatencyParams = {
    smtNs: m.smtNs,
    sameL3NearNs: m.nearNs,
    sameL3FarNs: m.nearNs + m.spreadNs,
    meshColumns: 2,
    crossL3Ns: [m.crossL3Ns],
    crossSocketNs: [m.crossSocketNs],
  };
  const params: CoherenceParams = {
    interconnect: m.interconnect,
    broadcast: m.broadcast,
    l1HitPs: 1000,
    l3HitPs: m.l3HitNs * 1000,
    memoryPs: 80_000,
    invalidatePerSharerPs: 2000,
    probePs: m.broadcast ? 50_000 : 0,
    torEntries: 32,
    pausePs: m.pauseNs * 1000,
    siblingSpinSlowdown: 1.05,
  };
  const env = new Environment();
  const fabric = new Coherence(env, new LatencyModel(topology, lp), params, new RandomStream(seed));
  const traces: ServiceTrace[] = [];
  fabric.tracer = (e) => traces.push(e);
  return { env, topology, fabric, traces };
}

type Op = { kind: 'read' | 'write' | 'add'; cpu: number; gap: number; field: number };
const opsArb = fc.array(
  fc.record({
    kind: fc.constantFrom('read' as const, 'write' as const, 'add' as const),
    cpu: fc.nat(),
    gap: fc.integer({ min: 0, max: 200_000 }),
    field: fc.integer({ min: 0, max: 1 }),
  }),
  { minLength: 1, maxLength: 60 },
);

describe('coherence laws', () => {
  it('a read after a write observes the write and completes no earlier than it', () => {
    fc.assert(
      fc.property(machineArb, opsArb, (m, ops: Op[]) => {
        const { topology, fabric } = build(m);
        const line = fabric.line('x', { fields: ['a', 'b'] });
        const cpus = topology.onlineCpus();
        const reference = [0, 0];
        const lastWriteDone = [0, 0];
        let t = 0;
        let next = 1;
        for (const op of ops) {
          t += op.gap;
          const cpu = cpus[op.cpu % cpus.length] as number;
          if (op.kind === 'read') {
            const done = line.read(cpu, t);
            assert.equal(line.values[op.field], reference[op.field]);
            assert.ok(done >= (lastWriteDone[op.field] as number), `read done ${done} before the write it observed`);
            assert.ok(done > t);
          } else if (op.kind === 'write') {
            reference[op.field] = next;
            lastWriteDone[op.field] = line.write(cpu, t, op.field, next++);
          } else {
            lastWriteDone[op.field] = line.fetchAdd(cpu, t, op.field, 1);
            assert.equal(line.result, reference[op.field]);
            reference[op.field] = (reference[op.field] as number) + 1;
          }
        }
      }),
    );
  });

  it('requests at a home are served in arrival order, one at a time', () => {
    fc.assert(
      fc.property(machineArb, opsArb, (m, ops: Op[]) => {
        const { topology, fabric, traces } = build(m);
        const line = fabric.line('x');
        const cpus = topology.onlineCpus();
        let t = 0;
        for (const op of ops) {
          t += op.gap;
          const cpu = cpus[op.cpu % cpus.length] as number;
          if (op.kind === 'read') line.read(cpu, t);
          else line.fetchAdd(cpu, t, 0, 1);
        }
        const home = traces.filter((e) => e.at === 'home');
        assert.equal(home.length, line.counters.homeRequests);
        for (let i = 1; i < home.length; i++) {
          const a = home[i - 1] as ServiceTrace;
          const b = home[i] as ServiceTrace;
          assert.ok(b.arrivalPs >= a.arrivalPs, 'arrivals are in submission order');
          assert.ok(b.startPs >= a.donePs, `request ${i} starts at ${b.startPs} before ${i - 1} is done (${a.donePs})`);
        }
        for (const e of home) assert.ok(e.startPs >= e.arrivalPs && e.donePs > e.startPs);
      }),
    );
  });

  it('k readers in one CCX cause one IO-die request (chiplet)', () => {
    fc.assert(
      fc.property(
        machineArb.filter((m) => m.l3PerSocket * m.sockets >= 2),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 50_000 }),
        (m0, k, spacing) => {
          const m = { ...m0, interconnect: 'chiplet' as const };
          const { topology, fabric } = build(m);
          const line = fabric.line('x');
          const cpus = topology.onlineCpus();
          const writer = cpus[0] as number;
          line.write(writer, 0, 0, 7);
          // Readers: hardware threads of the last L3 domain (never the writer's).
          const lastL3 = topology.l3Domains - 1;
          const readers = cpus.filter((c) => topology.l3Of(c) === lastL3);
          const before = line.counters.ioDieRequests;
          let t = 1_000_000;
          for (let i = 0; i < k; i++) {
            line.read(readers[i % readers.length] as number, t);
            t += spacing;
          }
          assert.equal(line.counters.ioDieRequests - before, 1);
        },
      ),
    );
  });

  it('total service time at a home grows linearly with the requests queued there', () => {
    fc.assert(
      fc.property(
        machineArb.filter((m) => m.interconnect === 'mesh' && !m.broadcast),
        fc.integer({ min: 1, max: 40 }),
        (m0, k) => {
          // One socket, one domain, k distinct cores: each read of the shared line is an L3 hit at home.
          const m = { ...m0, sockets: 1, l3PerSocket: 1, coresPerL3: k + 2, threadsPerCore: 1 };
          const { fabric } = build(m);
          const line = fabric.line('x');
          line.write(0, 0, 0, 1);
          line.read(1, 10_000_000); // now shared, clean in the home L3
          const t = 20_000_000;
          const before = line.counters.homeBusyPs;
          let last = 0;
          for (let i = 0; i < k; i++) last = line.read(2 + i, t);
          const busy = line.counters.homeBusyPs - before;
          assert.equal(busy, k * m.l3HitNs * 1000);
          assert.equal(last - t, busy);
        },
      ),
    );
  });

  it('an RFO costs no less when it has more sharers to invalidate', () => {
    fc.assert(
      fc.property(machineArb, fc.integer({ min: 0, max: 30 }), (m, extra) => {
        const cost = (sharers: number): number => {
          const { topology, fabric } = build(m);
          const line = fabric.line('x');
          const cpus = topology.onlineCpus();
          const writer = cpus[0] as number;
          line.write(writer, 0, 0, 1);
          const others = cpus.filter((c) => topology.coreOf(c) !== topology.coreOf(writer));
          let t = 1_000_000;
          for (let i = 0; i < Math.min(sharers, others.length); i++) {
            t += 1_000_000;
            line.read(others[i] as number, t);
          }
          t += 1_000_000;
          return line.write(writer, t, 0, 2) - t;
        };
        const a = extra % 8;
        assert.ok(cost(a + 1) >= cost(a));
      }),
    );
  });

  it('a spinner wakes once, at the first re-read that satisfies it, after the write', () => {
    fc.assert(
      fc.property(machineArb, fc.integer({ min: 1, max: 6 }), (m, writes) => {
        const { env, topology, fabric } = build(m);
        const line = fabric.line('x', { fields: ['seq', 'other'] });
        const cpus = topology.onlineCpus();
        const spinnerCpu = cpus[cpus.length - 1] as number;
        const writer = cpus[0] as number;
        let woke = 0;
        let wokeAt = -1;
        line.spin(
          spinnerCpu,
          0,
          0,
          (v) => v === writes,
          (s) => {
            woke++;
            wokeAt = env.now;
            assert.equal(s.observed, writes);
          },
        );
        let lastDone = 0;
        for (let i = 1; i <= writes; i++) {
          // Writes to the other field invalidate the line too (false sharing): re-reads, no wake.
          env.schedule(i * 10_000_000 - 5_000_000, () => line.write(writer, env.now, 1, i));
          env.schedule(i * 10_000_000, () => {
            lastDone = line.write(writer, env.now, 0, i);
          });
        }
        env.run();
        assert.equal(woke, 1);
        assert.ok(wokeAt >= lastDone);
        assert.equal(line.spinnerCount, 0);
        if (topology.coreOf(writer) !== topology.coreOf(spinnerCpu))
          assert.ok(line.counters.falseSharing + line.counters.falseSharingReads >= 1);
      }),
    );
  });
});
