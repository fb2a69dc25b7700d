// The coherence model's mechanisms on real presets: one miss per core for SMT siblings, the TOR's
// back-pressure, the cross-socket hop, counters by distance class, broadcast probes, and the burst
// of spinner re-reads that an RFO queues behind.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPreset } from '../../../src/hw/index.ts';
import { Environment } from '../../../src/engine/index.ts';
import {
  Coherence,
  coherenceParamsOf,
  LatencyModel,
  latencyParamsOf,
  pausePsOf,
  Topology,
} from '../../../src/hw/index.ts';
import { RandomStream } from '../../../src/random/index.ts';
import { fc } from '../../support/fastCheck.ts';

function fabricOf(name: string, overrides: Partial<ReturnType<typeof coherenceParamsOf>> = {}) {
  const preset = loadPreset(name);
  const topology = new Topology(preset.layout);
  const latency = new LatencyModel(topology, latencyParamsOf(preset));
  const env = new Environment();
  const fabric = new Coherence(
    env,
    latency,
    { ...coherenceParamsOf(preset), ...overrides },
    new RandomStream('coherence-unit'),
  );
  return { env, topology, latency, fabric, preset };
}

describe('Coherence on presets', () => {
  it('SMT siblings share L1: two siblings reading a remote line make one request', () => {
    const { fabric } = fabricOf('r5.metal');
    const line = fabric.line('x');
    line.write(10, 0, 0, 1);
    const t = 1_000_000;
    const first = line.read(0, t); // cpu 0
    const second = line.read(48, t); // its sibling, while the fill is in flight
    assert.equal(line.counters.homeRequests, 2); // the write and one fill
    assert.equal(line.counters.hits, 1);
    assert.ok(second >= first, 'the sibling waits for the fill in flight');
  });

  it('a transfer is counted under the distance class of (source, requester)', () => {
    const { fabric } = fabricOf('r5.metal');
    const line = fabric.line('x');
    line.write(0, 0, 0, 1);
    line.write(48, 1_000_000, 0, 2); // sibling
    line.write(1, 2_000_000, 0, 3); // same socket
    line.write(24, 3_000_000, 0, 4); // other socket
    assert.deepEqual(line.counters.transfers, { smt: 1, sameL3: 1, crossL3: 0, crossSocket: 1 });
    assert.equal(line.counters.contested, 2); // the sibling's copy was in its own core
  });

  it('the cross-socket hop costs what the latency model says', () => {
    const { fabric, latency } = fabricOf('r5.metal');
    const line = fabric.line('x');
    line.write(0, 0, 0, 1);
    const t = 1_000_000;
    assert.equal(line.write(24, t, 0, 2) - t, latency.transferPs(0, 24));
    assert.ok(latency.transferPs(0, 24) > latency.transferPs(0, 1));
  });

  it('many hot lines on one CHA queue for its TOR entries; a few do not', () => {
    const run = (lines: number): number => {
      const { fabric } = fabricOf('r5.metal', { torEntries: 4 });
      // Lines named so that they hash to one CHA are hard to pick; instead count waits over many lines.
      const made = Array.from({ length: lines }, (_, i) => fabric.line(`l${i}`));
      let wait = 0;
      for (const [i, line] of made.entries()) line.read(i % 24, 0);
      for (const line of made) wait += line.counters.homeWaitPs;
      return wait;
    };
    assert.equal(run(4), 0);
    assert.ok(run(24 * 8) > 0, 'with 8 lines per CHA and 4 TOR entries, some requests wait');
  });

  it('a broadcast machine adds a probe of every die to each miss', () => {
    const { fabric, latency } = fabricOf('8x-opteron-6core');
    const line = fabric.line('x');
    line.write(0, 0, 0, 1);
    const t = 10_000_000;
    const cost = line.write(12, t, 0, 2) - t;
    assert.equal(cost, latency.transferPs(0, 12) + fabric.params.probePs);
  });

  it('spinners re-read after a write, and the next RFO queues behind their re-reads', () => {
    const measure = (spinners: number): number => {
      const { env, fabric } = fabricOf('r5.metal');
      const line = fabric.line('lock');
      line.write(0, 0, 0, 1);
      env.schedule(1_000_000, () => {
        for (let i = 0; i < spinners; i++)
          line.spin(
            1 + i,
            env.now,
            0,
            (v) => v === 0,
            () => undefined,
          );
      });
      // At 2 µs the holder writes a value they do not wait for: every spinner re-reads within one
      // PAUSE of the write's completion. Another core's RFO issued right after that queues behind them.
      let cost = 0;
      env.schedule(2_000_000, () => {
        const release = line.write(0, env.now, 0, 2);
        env.schedule(release - env.now + fabric.params.pausePs, () => {
          const t = env.now;
          cost = line.write(30, t, 0, 3) - t;
        });
      });
      env.run();
      return cost;
    };
    const few = measure(1);
    const many = measure(20);
    assert.ok(many > few + 15 * 17_000, `20 spinners: ${many} ps, 1 spinner: ${few} ps`);
  });

  it('PAUSE duration comes from the preset: cycles over clock', () => {
    const preset = loadPreset('r5.metal');
    assert.equal(pausePsOf(preset), 16_000); // 40 cycles at 2.5 GHz
  });

  it('deferred requests are served as if submitted in arrival order with everyone else', () => {
    // Requests from several CPUs at random times, some deferred (Line.defer): the line's answers,
    // state and counters are those of submitting every request in arrival order.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cpu: fc.integer({ min: 0, max: 95 }),
            at: fc.integer({ min: 0, max: 2_000 }),
            deferred: fc.boolean(),
            kind: fc.constantFrom('touch', 'read', 'fetchAdd'),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (ops) => {
          // Arrival order, deferred requests first among equal times (a flush at t submits those that
          // arrive at or before t); a deferred request must leave the value as it was (touch).
          const sorted = ops
            .map((o, i) => ({ ...o, at: o.at * 10_000, i, deferred: o.deferred && o.kind === 'touch' }))
            .sort((a, b) => a.at - b.at || Number(b.deferred) - Number(a.deferred) || a.i - b.i);
          const serve = (lazy: boolean) => {
            const { fabric } = fabricOf('r5.metal');
            const line = fabric.line('x', { fields: ['count', 'lock'] });
            const done = new Map<number, number>();
            const pending = sorted.filter((o) => lazy && o.deferred);
            if (lazy) {
              line.defer({
                flush: (t) => {
                  while (pending.length > 0 && (pending[0] as (typeof pending)[number]).at <= t) {
                    const o = pending.shift() as (typeof pending)[number];
                    done.set(o.i, line.touch(o.cpu, o.at, 0));
                  }
                },
              });
            }
            for (const o of sorted) {
              if (lazy && o.deferred) continue;
              const t =
                o.kind === 'read'
                  ? line.read(o.cpu, o.at, 0)
                  : o.kind === 'fetchAdd'
                    ? line.fetchAdd(o.cpu, o.at, 0, 1)
                    : line.touch(o.cpu, o.at, 0);
              done.set(o.i, t);
            }
            line.flush(Number.MAX_SAFE_INTEGER);
            return { done: [...done].sort((a, b) => a[0] - b[0]), counters: line.counters, value: line.values[0] };
          };
          assert.deepEqual(serve(true), serve(false));
        },
      ),
      { numRuns: 150 },
    );
  });
});
