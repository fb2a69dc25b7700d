// Cliff detection on synthetic curves with known answers, and sweep expansion.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type CliffRow,
  cliffOf,
  detectCliffs,
  expandPoints,
  type FailureCriterion,
  parseVary,
} from '../../../src/experiment/index.ts';

const row = (load: number, seed: string, successRate: number, p99: number, probeTimeouts = 0): CliffRow => ({
  load,
  seed,
  outcome: { startSuccessRate: successRate, startLatencySeconds: { p99 }, probeTimeouts },
});
const curve = (seed: string, cliffAt: number | null, loads: number[]): CliffRow[] =>
  loads.map((load) => row(load, seed, cliffAt !== null && load >= cliffAt ? 0.5 : 1, 1));
const C: FailureCriterion = { threshold: 0.99, deadlineSeconds: 240, probeTimeoutSeconds: 30, probeTimeouts: true };

describe('cliffs', () => {
  const loads = [10, 20, 30, 40, 50, 60];
  it('the smallest load whose success rate is below the threshold', () => {
    assert.equal(cliffOf(curve('1', 40, loads), C)?.load, 40);
    assert.equal(cliffOf(curve('1', null, loads), C), null);
  });

  it('p99 at the deadline is a cliff too', () => {
    const rows = loads.map((load) => row(load, '1', 1, load >= 30 ? 240 : 10));
    assert.deepEqual(cliffOf(rows, C), { load: 30, by: ['starts'] });
  });

  it('a health probe past its timeout fails the run, unless probe timeouts are not counted', () => {
    const rows = loads.map((load) => row(load, '1', 1, 10, load >= 20 ? 1 : 0));
    assert.deepEqual(cliffOf(rows, C), { load: 20, by: ['probes'] });
    assert.equal(cliffOf(rows, { ...C, probeTimeouts: false }), null);
    const [r] = detectCliffs(new Map([['p', { combination: { series: 'p' }, rows }]]), C);
    assert.deepEqual(r?.failedBy, ['probes']);
    assert.match(r?.criterion ?? '', /health probe past its 30 s timeout/);
  });

  it('across seeds: the median and a t-interval; none in range when most seeds have none', () => {
    const rows = [...curve('a', 30, loads), ...curve('b', 40, loads), ...curve('c', 50, loads)];
    const [r] = detectCliffs(new Map([['x', { combination: { series: 'x' }, rows }]]), C);
    assert.equal(r?.cliffContainers, 40);
    assert.ok((r?.low as number) < 40 && (r?.high as number) > 40);
    assert.deepEqual(r?.perSeed, [30, 40, 50]);
    const none = [...curve('a', null, loads), ...curve('b', null, loads), ...curve('c', 60, loads)];
    const [n] = detectCliffs(new Map([['y', { combination: { series: 'y' }, rows: none }]]), C);
    assert.equal(n?.cliffContainers, null);
  });

  it('ranges and lists expand to a cartesian product × seeds, in a fixed order', () => {
    assert.deepEqual(parseVary('containers=10:30:10'), { field: 'burst.containers', values: ['10', '20', '30'] });
    const pts = expandPoints([parseVary('smt=on,off'), parseVary('layers=5,50')], ['1', '2']);
    assert.equal(pts.length, 8);
    assert.deepEqual(pts[0]?.values, { smt: 'on', 'burst.layers': '5' });
    assert.equal(pts[1]?.seed, '2');
    assert.throws(() => parseVary('containers=30:10:10'), /LOW:HIGH:STEP/);
  });
});
