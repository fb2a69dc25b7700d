// Cliff detection on synthetic curves with known answers, and sweep expansion.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CliffRow, cliffOf, detectCliffs, expandPoints, parseVary } from '../../../src/experiment/index.ts';

const curve = (seed: string, cliffAt: number | null, loads: number[]): CliffRow[] =>
  loads.map((load) => ({ load, seed, successRate: cliffAt !== null && load >= cliffAt ? 0.5 : 1, p99Seconds: 1 }));

describe('cliffs', () => {
  const loads = [10, 20, 30, 40, 50, 60];
  it('the smallest load whose success rate is below the threshold', () => {
    assert.equal(cliffOf(curve('1', 40, loads), 0.99, 240), 40);
    assert.equal(cliffOf(curve('1', null, loads), 0.99, 240), null);
  });

  it('p99 at the deadline is a cliff too', () => {
    const rows = loads.map((load) => ({ load, seed: '1', successRate: 1, p99Seconds: load >= 30 ? 240 : 10 }));
    assert.equal(cliffOf(rows, 0.99, 240), 30);
  });

  it('across seeds: the median and a t-interval; none in range when most seeds have none', () => {
    const rows = [...curve('a', 30, loads), ...curve('b', 40, loads), ...curve('c', 50, loads)];
    const [r] = detectCliffs(new Map([['x', { combination: { series: 'x' }, rows }]]), 0.99, 240);
    assert.equal(r?.cliffContainers, 40);
    assert.ok((r?.low as number) < 40 && (r?.high as number) > 40);
    assert.deepEqual(r?.perSeed, [30, 40, 50]);
    const none = [...curve('a', null, loads), ...curve('b', null, loads), ...curve('c', 60, loads)];
    const [n] = detectCliffs(new Map([['y', { combination: { series: 'y' }, rows: none }]]), 0.99, 240);
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
