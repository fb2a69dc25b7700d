// Chart specs are valid Vega-Lite (checked against the schema that ships with vega-lite) and render
// to SVG with their titles and axis titles.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { handoffHeatmap, renderSvg, type Spec, tornadoChart } from '../../../src/report/index.ts';

const schema = JSON.parse(readFileSync('node_modules/vega-lite/build/vega-lite-schema.json', 'utf8')) as object;
const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(schema);

const charts: Record<string, Spec> = {
  handoffs: handoffHeatmap([{ threads: 2, distance: 'crossSocket', share: 1 }], 'sub'),
  tornado: tornadoChart(
    [{ param: 'slice', low: 1, high: 3, lowLabel: '1ms', highLabel: '5ms' }],
    2,
    'p99 start (s)',
    'sub',
  ),
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
