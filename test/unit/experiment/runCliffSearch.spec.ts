// The cliff search on the real model agrees with the full grid within the grid's resolution, for a
// series with a cliff and one without, and gives the same answer whatever the parallelism. A cheap
// configuration moves the cliff low: 20 layers, health probes every second with a 0.4 s timeout.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CliffResult, runCliffSearch, runSweep } from '../../../src/experiment/index.ts';

const SET = ['burst.layers=20', 'probes.timeout=0.4s', 'probes.period=1s'];
const VARY = ['strategy=per-layer-idmap,common-parent'];
const STEP = 10;

const bySeries = (cliffs: readonly CliffResult[]) =>
  Object.fromEntries(cliffs.map((c) => [c.combination.series, c.cliffContainers]));

describe('cliff search vs the grid (real model, fixed seeds)', () => {
  it('finds each grid cliff within the grid step, and no cliff where the grid has none', async () => {
    const common = { scenario: 'scenarios/mount-mayhem.yaml', set: SET, threshold: 0.99, probeTimeouts: true };
    const grid = await runSweep({ ...common, vary: [...VARY, `containers=10:90:${STEP}`], seeds: 2, jobs: 2 });
    const search = await runCliffSearch({
      ...common,
      vary: VARY,
      load: 'containers=10:90',
      seeds: 2,
      confidence: 0.9,
      jobs: 2,
    });
    const g = bySeries(grid.cliffs);
    const s = bySeries(search.cliffs);
    assert.equal(g['common-parent'], null);
    assert.equal(s['common-parent'], null);
    const gridCliff = g['per-layer-idmap'];
    const found = s['per-layer-idmap'];
    assert.ok(typeof gridCliff === 'number' && typeof found === 'number', JSON.stringify({ g, s }));
    assert.ok(found > gridCliff - STEP && found <= gridCliff, `grid ${gridCliff}, search ${found}`);
    assert.deepEqual(search.cliffs.find((c) => c.combination.series === 'per-layer-idmap')?.failedBy, ['probes']);
    assert.ok(
      search.results.rows.length < grid.results.rows.length,
      `${search.results.rows.length} runs vs ${grid.results.rows.length}`,
    );
  });

  it('the same answer and rows with --jobs 1 and --jobs 2', async () => {
    const run = (jobs: number) =>
      runCliffSearch({
        scenario: 'scenarios/mount-mayhem.yaml',
        set: SET,
        vary: ['strategy=per-layer-idmap'],
        load: 'containers=30:90',
        seeds: 2,
        confidence: 0.9,
        threshold: 0.99,
        probeTimeouts: true,
        jobs,
      });
    const [one, two] = [await run(1), await run(2)];
    assert.deepEqual(JSON.stringify(one), JSON.stringify(two));
  });
});
