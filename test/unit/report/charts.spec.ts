// Chart specs are valid Vega-Lite (checked against the schema that ships with vega-lite) and render
// to SVG with their titles and axis titles.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import {
  handoffHeatmap,
  latencyCdfChart,
  lockWaitChart,
  mountinfoChart,
  p99Chart,
  renderSvg,
  type Spec,
  successChart,
} from '../../../src/report/index.ts';

const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8')) as object;
const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(schema);

const curve = [
  {
    series: 'r5.metal, SMT on, per-layer-idmap',
    group: 'r5.metal, SMT on',
    variant: 'per-layer-idmap',
    containers: 10,
    successRate: 1,
    p99Seconds: 0.2,
  },
  {
    series: 'r5.metal, SMT on, per-layer-idmap',
    group: 'r5.metal, SMT on',
    variant: 'per-layer-idmap',
    containers: 100,
    successRate: 0.5,
    p99Seconds: 300,
  },
];
const charts: Record<string, Spec> = {
  success: successChart(
    curve,
    [{ series: curve[0]?.series as string, group: 'r5.metal, SMT on', containers: 100 }],
    0.99,
    'sub',
  ),
  p99: p99Chart(curve, 240, 'sub'),
  cdf: latencyCdfChart([{ series: 's', quantiles: Array.from({ length: 20 }, (_, i) => (i + 1) / 10) }], 'sub'),
  waits: lockWaitChart([{ series: 's', lock: 'mount_lock', bucket: '<1µs', order: 0, count: 3 }], ['<1µs'], 'sub'),
  mountinfo: mountinfoChart([{ series: 's', tableSize: 5000, readSeconds: 2 }], 30, 'sub'),
  handoffs: handoffHeatmap([{ threads: 2, distance: 'crossSocket', share: 1 }], 'sub'),
};

describe('charts', () => {
  for (const [name, spec] of Object.entries(charts)) {
    it(`${name}: valid against the Vega-Lite schema, renders to SVG with its titles`, async () => {
      assert.ok(validate(spec), JSON.stringify(validate.errors?.slice(0, 3)));
      const svg = await renderSvg(spec);
      assert.match(svg, /^<svg/);
      const title = ((spec.title as { text: string }).text ?? '').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      assert.ok(svg.includes(title), `title "${title}" in the SVG`);
    });
  }
});
