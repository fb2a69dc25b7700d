// The charts that say why: valid Vega-Lite, rendered to SVG with their titles and marks; CPU shares
// stacked to the whole, a panel per machine and strategy; each distribution scaled to its own data.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import {
  cdfChart,
  cpuChart,
  type LoadPoint,
  lockTimeChart,
  renderSvg,
  type Spec,
  tableReadChart,
  waitShareChart,
} from '../../../src/report/index.ts';

const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);

const groups = ['r5.metal, SMT on', 'm7a.24xlarge, no SMT'];
const points: LoadPoint[] = groups.flatMap((group) =>
  ['per-layer-idmap', 'common-parent'].flatMap((variant) =>
    [10, 100].map((containers) => ({
      series: `${group}, ${variant}`,
      group,
      variant,
      containers,
      work: 0.2,
      spinReaders: 0.1,
      spinWriters: 0.05,
      idle: 0.65,
      nsWaitMs: 1,
      nsHoldMs: 0.1,
      mlHoldMs: 0.05,
      walkShare: 0.3,
    })),
  ),
);

const charts: Record<string, Spec> = {
  cpu: cpuChart(points, 'sub'),
  locks: lockTimeChart(points, 'sub'),
  cdf: cdfChart(
    [
      {
        series: 'a',
        variant: 'v',
        at: 'shared',
        containers: 85,
        quantiles: Array.from({ length: 20 }, (_, i) => 1 + i / 100),
      },
      { series: 'a', variant: 'v', at: 'edge', containers: 190, quantiles: Array.from({ length: 20 }, () => 80) },
    ],
    'sub',
  ),
  waits: waitShareChart(
    [{ group: groups[0] as string, variant: 'v', lock: 'mount_lock', bucket: '<1µs', share: 1 }],
    ['<1µs'],
    'sub',
  ),
  table: tableReadChart([{ group: groups[0] as string, variant: 'v', tableSize: 5000, readSeconds: 2 }], 30, 'sub'),
};

const valuesOf = (spec: Spec) => (spec.data as { values: Record<string, unknown>[] }).values;

describe('why charts', () => {
  for (const [name, spec] of Object.entries(charts))
    it(`${name}: valid against the Vega-Lite schema, renders to SVG with its title and marks`, async () => {
      assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
      const svg = await renderSvg(spec);
      const title = (spec.title as { text: string }).text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      assert.ok(svg.includes(title), 'title');
      assert.match(svg, /<path|<line|<rect/, 'marks drawn');
    });

  it('CPU time: four shares per series and load that make the whole; a row per machine, a column per strategy', () => {
    const spec = charts.cpu as Spec;
    const values = valuesOf(spec);
    assert.equal(values.length, points.length * 4);
    const sum = values
      .filter((v) => v.group === groups[0] && v.variant === 'common-parent' && v.containers === 10)
      .reduce((a, v) => a + (v.share as number), 0);
    assert.ok(Math.abs(sum - 1) < 1e-9);
    const facet = spec.facet as { row: { sort: string[] }; column: { sort: string[] } };
    assert.deepEqual(facet.row.sort, groups);
    assert.deepEqual(
      facet.column.sort,
      ['common-parent', 'per-layer-idmap'],
      'strategies in the load charts’ colour order',
    );
  });

  it('start latency: each panel scaled to its own data', () => {
    assert.deepEqual((charts.cdf as Spec).resolve, { scale: { x: 'independent' } });
  });
});
