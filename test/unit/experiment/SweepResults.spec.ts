// How a sweep's rows group into series, means per load and cliffs.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cliffsOf, type SweepResults, type SweepRow, seriesKey, seriesMeans } from '../../../src/experiment/index.ts';
import type { BurstOutcome } from '../../../src/metrics/index.ts';

function row(
  index: number,
  machine: string,
  strategy: string,
  containers: number,
  seed: string,
  p99: number,
): SweepRow {
  const outcome = {
    machine,
    smt: true,
    smtCapable: true,
    strategy,
    containers,
    startSuccessRate: p99 >= 240 ? 0.5 : 1,
    startLatencySeconds: { mean: p99, p50: p99, p90: p99, p99, max: p99 },
  } as unknown as BurstOutcome;
  return {
    index,
    seed,
    point: { machine, 'burst.strategy': strategy, 'burst.containers': String(containers) },
    outcome,
  };
}

const results: SweepResults = {
  scenario: 's.yaml',
  varied: ['machine', 'burst.strategy', 'burst.containers'],
  threshold: 0.99,
  deadlineSeconds: 240,
  rows: [
    row(0, 'r5.metal', 'per-layer-idmap', 50, '1.1', 10),
    row(1, 'r5.metal', 'per-layer-idmap', 50, '1.2', 20),
    row(2, 'r5.metal', 'per-layer-idmap', 100, '1.1', 300),
    row(3, 'r5.metal', 'per-layer-idmap', 100, '1.2', 300),
    row(4, 'r5.metal', 'common-parent', 50, '1.1', 1),
    row(5, 'r5.metal', 'common-parent', 100, '1.1', 2),
  ],
};

describe('SweepResults', () => {
  it('a series is named by the varied fields besides the load', () => {
    const fields = ['machine', 'burst.strategy'];
    assert.equal(seriesKey(results.rows[0] as SweepRow, fields), 'r5.metal, SMT on, per-layer-idmap');
  });

  it('means over seeds per series and load', () => {
    const m = seriesMeans(results).find((x) => x.series.endsWith('per-layer-idmap') && x.containers === 50);
    assert.equal(m?.p99Seconds, 15);
    assert.equal(m?.runs, 2);
  });

  it('the cliff of each series: the smallest failing load, or none', () => {
    const cliffs = cliffsOf(results);
    const perLayer = cliffs.find((c) => c.combination.series?.endsWith('per-layer-idmap'));
    const common = cliffs.find((c) => c.combination.series?.endsWith('common-parent'));
    assert.equal(perLayer?.cliffContainers, 100);
    assert.equal(common?.cliffContainers, null);
  });
});
