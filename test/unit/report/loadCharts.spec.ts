// The charts against the load: valid Vega-Lite, rendered to SVG with marks, and drawn so that series
// stay apart — a panel per machine, the strategies by colour and shape with a label at their last
// point, the cliffs as rules with their load, the limit in every panel, the axes scaled to the data.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { cpuChart, type LoadPoint, loadChart, logTicks, renderSvg, type Spec } from '../../../src/report/index.ts';

const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8')) as object;
const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);

const groups = ['r5.metal, SMT on', 'm7a.24xlarge, no SMT'];
const variants = ['per-layer-idmap', 'common-parent'];
// Two machines with identical figures: in one shared panel one would hide the other.
const points: LoadPoint[] = groups.flatMap((group) =>
  variants.flatMap((variant) =>
    [10, 100, 200].map((containers) => ({
      series: `${group}, ${variant}`,
      group,
      variant,
      containers,
      p99Seconds: variant === 'common-parent' ? containers / 100 : containers,
      passShare: containers >= 200 && variant !== 'common-parent' ? 0 : 1,
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
const cliffs = groups.map((group) => ({ group, variant: 'per-layer-idmap', containers: 150 }));
const p99 = loadChart(points, cliffs, {
  title: 'p99',
  subtitle: 'sub',
  field: 'p99Seconds',
  yTitle: 'p99 start (s)',
  log: true,
  limit: { value: 240, label: 'deadline 240 s' },
});
const rowsOf = (spec: Spec) => (spec.data as { values: Record<string, unknown>[] }).values;

const charts: Record<string, Spec> = {
  p99,
  pass: loadChart(points, cliffs, { title: 'pass', subtitle: 's', field: 'passShare', yTitle: 'share', percent: true }),
};

describe('load charts', () => {
  for (const [name, spec] of Object.entries(charts))
    it(`${name}: valid against the Vega-Lite schema, renders to SVG with its title and marks`, async () => {
      assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
      const svg = await renderSvg(spec);
      assert.match(svg, /^<svg/);
      const title = (spec.title as { text: string }).text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
      assert.ok(svg.includes(title), 'title');
      assert.match(svg, /<path|<line|<rect/, 'marks drawn');
    });

  it('a panel per machine: identical figures on two machines are drawn apart', async () => {
    assert.deepEqual((p99.facet as { column: { sort: string[] } }).column.sort, groups);
    const svg = await renderSvg(p99);
    for (const g of groups) assert.ok(svg.includes(g), `panel header ${g}`);
  });

  it('labels each line at its last point, marks each cliff with its load, and the limit in every panel', () => {
    const rows = rowsOf(p99);
    const labels = rows.filter((r) => r.role === 'label');
    assert.equal(labels.length, groups.length * variants.length);
    for (const l of labels) assert.equal(l.containers, 200);
    const rules = rows.filter((r) => r.role === 'cliff');
    assert.deepEqual(
      rules.map((r) => [r.group, r.label]),
      groups.map((g) => [g, 'cliff 150']),
    );
    assert.equal(rows.filter((r) => r.role === 'limit').length, groups.length);
  });

  it('scales a log axis to the data and the limit, with readable ticks', () => {
    const y = (
      p99.spec as { layer: { encoding: { y: { scale: { domain: number[] }; axis: { values: number[] } } } }[] }
    ).layer[0]?.encoding.y as { scale: { domain: number[] }; axis: { values: number[] } };
    assert.deepEqual(y.scale.domain, [0.1, 240]);
    assert.deepEqual(y.axis.values, [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200]);
    assert.deepEqual(logTicks(3, 40), [5, 10, 20]);
    assert.deepEqual(logTicks(0, 1), []);
  });

  it('the x axis spans the loads given, or those drawn', () => {
    const x = (spec: Spec) =>
      (spec.spec as { layer: { encoding: { x: { scale: { domain: number[] } } } }[] }).layer[0]?.encoding.x.scale
        .domain as number[];
    assert.deepEqual(x(p99), [10, 200]);
    const wide = loadChart(points, [], {
      title: 't',
      subtitle: 's',
      field: 'p99Seconds',
      yTitle: 'y',
      loads: [5, 300],
    });
    assert.deepEqual(x(wide), [5, 300]);
  });

  it('leaves out points without the figure (runs stopped at their first failure)', () => {
    const withStopped: LoadPoint[] = [
      ...points,
      { series: 'x', group: 'g', variant: 'v', containers: 300, passShare: 0 },
    ];
    const spec = loadChart(withStopped, [], { title: 't', subtitle: 's', field: 'p99Seconds', yTitle: 'y' });
    assert.ok(!rowsOf(spec).some((r) => r.containers === 300 && r.role === 'line'));
    assert.ok(!rowsOf(cpuChart(withStopped, 's')).some((r) => r.containers === 300));
  });
});
