// The law suite every machine preset in models/ must pass (issue 3): latency symmetric; sibling <
// same L3 < cross L3 ≤ cross socket; CPU numbering consistent with the declared layout; SMT off halves
// the threads where SMT was 2; every number carries a kind and a source (enforced by the parser).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { LatencyModel, latencyParamsOf, parsePreset, placementOrder, Topology } from '../../src/hw/index.ts';

const files = readdirSync('models')
  .filter((f) => f.endsWith('.yaml'))
  .sort((a, b) => a.localeCompare(b));

describe('machine presets', () => {
  it('the seven presets of issue 3 and the probe’s VM are all there', () => {
    assert.deepEqual(
      files.map((f) => f.replace(/\.yaml$/, '')),
      [
        '2x-epyc-9654',
        '4x-xeon-e7-8895v3',
        '8x-opteron-6core',
        'm7a.24xlarge',
        'm7i.48xlarge',
        'm7i.metal-24xl',
        'probe-vm',
        'r5.metal',
      ],
    );
  });

  for (const file of files) {
    describe(file, () => {
      const preset = parsePreset(readFileSync(`models/${file}`, 'utf8'), `models/${file}`);
      const topology = new Topology(preset.layout);
      const latency = new LatencyModel(topology, latencyParamsOf(preset));

      it('is named after its file', () => assert.equal(`${preset.name}.yaml`, file));

      it('latency is symmetric, zero only to itself', () => {
        for (let a = 0; a < topology.cpus; a++) {
          for (let b = 0; b < topology.cpus; b++) {
            assert.equal(latency.transferPs(a, b), latency.transferPs(b, a));
            if (a !== b) assert.ok(latency.transferPs(a, b) > 0);
          }
        }
      });

      it('sibling < same L3 < cross L3 ≤ cross socket, pair by pair', () => {
        const max = { smt: 0, sameL3: 0, crossL3: 0 };
        const min = { sameL3: Infinity, crossL3: Infinity, crossSocket: Infinity };
        for (let a = 0; a < topology.cpus; a++) {
          for (let b = a + 1; b < topology.cpus; b++) {
            const cls = topology.classify(a, b);
            const ps = latency.transferPs(a, b);
            if (cls in max) max[cls as keyof typeof max] = Math.max(max[cls as keyof typeof max], ps);
            if (cls in min) min[cls as keyof typeof min] = Math.min(min[cls as keyof typeof min], ps);
          }
        }
        if (topology.layout.threadsPerCore > 1)
          assert.ok(max.smt < min.sameL3, `smt ${max.smt} ps vs same L3 ${min.sameL3} ps`);
        if (min.crossL3 < Infinity)
          assert.ok(max.sameL3 < min.crossL3, `same L3 ${max.sameL3} vs cross L3 ${min.crossL3}`);
        if (min.crossSocket < Infinity) {
          assert.ok(max.sameL3 < min.crossSocket);
          if (min.crossL3 < Infinity)
            assert.ok(max.crossL3 <= min.crossSocket, `cross L3 ${max.crossL3} vs cross socket ${min.crossSocket}`);
        }
      });

      it('CPU numbering follows Linux: sockets fill in order, sibling t of core c is cpu t·cores + c', () => {
        const { sockets, coresPerSocket, threadsPerCore } = topology.layout;
        assert.equal(topology.cpus, sockets * coresPerSocket * threadsPerCore);
        for (let cpu = 0; cpu < topology.cpus; cpu++) {
          const core = cpu % topology.cores;
          assert.equal(topology.coreOf(cpu), core);
          assert.equal(topology.socketOf(cpu), Math.floor(core / coresPerSocket));
          assert.ok(topology.siblingsOfCore(core).includes(cpu));
        }
        const perL3 = new Map<number, number>();
        for (const cpu of topology.onlineCpus())
          perL3.set(topology.l3Of(cpu), (perL3.get(topology.l3Of(cpu)) ?? 0) + 1);
        assert.equal(perL3.size, topology.l3Domains);
        assert.equal(new Set(perL3.values()).size, 1, 'every L3 domain has the same number of threads');
      });

      it('SMT off halves the threads where SMT was 2, and takes exactly the second siblings offline', () => {
        const off = topology.withSmt(false);
        const expected = topology.layout.threadsPerCore === 2 ? topology.cpus / 2 : topology.cpus;
        assert.equal(off.onlineCpus().length, expected);
        for (const cpu of off.onlineCpus()) assert.equal(off.threadOf(cpu), 0);
        assert.equal(off.threadsPerCoreOnline, 1);
      });

      it('placement policies use online cpus only, each once', () => {
        for (const smt of [true, false]) {
          const t = topology.withSmt(smt);
          for (const policy of ['spread', 'compact', 'socket0'] as const) {
            const order = placementOrder(t, policy);
            assert.equal(new Set(order).size, order.length);
            for (const cpu of order) assert.ok(t.isOnline(cpu));
            if (policy === 'socket0') for (const cpu of order) assert.equal(t.socketOf(cpu), 0);
            else assert.equal(order.length, t.onlineCpus().length);
          }
        }
      });
    });
  }
});

describe('r5.metal specifics', () => {
  const preset = parsePreset(readFileSync('models/r5.metal.yaml', 'utf8'), 'models/r5.metal.yaml');
  const t = new Topology(preset.layout);
  const latency = new LatencyModel(t, latencyParamsOf(preset));

  it('cpu i and i+48 are siblings; 0–23 socket 0, 24–47 socket 1', () => {
    assert.equal(t.classify(5, 53), 'smt');
    assert.equal(t.socketOf(23), 0);
    assert.equal(t.socketOf(24), 1);
    assert.equal(t.socketOf(71), 0);
  });

  it('class medians are the reference values (SMT 7.6, mesh median 46.8, UPI 134 ns)', () => {
    assert.deepEqual(latency.classMediansNs(), { smt: 7.6, sameL3: 46.8, crossSocket: 134 });
  });

  it('spread alternates sockets and uses every core before any sibling', () => {
    const order = placementOrder(t, 'spread');
    assert.deepEqual(order.slice(0, 4), [0, 24, 1, 25]);
    assert.ok(order.slice(0, 48).every((cpu) => cpu < 48));
  });

  it('compact fills a core with its siblings first', () => {
    assert.deepEqual(placementOrder(t, 'compact').slice(0, 4), [0, 48, 1, 49]);
  });

  it('an explicit list must name online cpus', () => {
    assert.throws(() => placementOrder(t.withSmt(false), [0, 60]), /cpu 60 is not an online cpu/);
  });
});

describe('preset validation', () => {
  const good = readFileSync('models/m7a.24xlarge.yaml', 'utf8');
  it('names the file and JSON path of a bad field, and what is allowed', () => {
    assert.throws(() => parsePreset(good.replace('sockets: 1', 'sockets: one'), 'models/x.yaml'), {
      message: 'models/x.yaml: layout.sockets: expected a positive integer, got "one"',
    });
    assert.throws(
      () => parsePreset(good.replace('kind: measured', 'kind: guessed'), 'models/x.yaml'),
      /latencyNs\.smt\.kind: expected one of measured, vendor, derived, estimate/,
    );
    assert.throws(
      () => parsePreset(good.replace('interconnect: chiplet', 'interconnect: ring'), 'x.yaml'),
      /interconnect: expected one of mesh, chiplet/,
    );
    assert.throws(() => parsePreset(`${good}\nturbo: true\n`, 'x.yaml'), /x.yaml: turbo: unknown field/);
    assert.throws(
      () => parsePreset(good.replace('l3DomainsPerSocket: 12', 'l3DomainsPerSocket: 7'), 'x.yaml'),
      /must divide coresPerSocket/,
    );
  });
});
