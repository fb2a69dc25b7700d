// A golden file per preset for `lockcliff models show NAME --format json` (SMT on and off). A change
// to a preset or to the latency model shows up here as a diff to review; regenerate deliberately
// with `UPDATE_GOLDEN=1 npm test`.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { presetJson } from '../../src/hw/index.ts';

const DIR = 'test/golden/models';
const update = process.env.UPDATE_GOLDEN === '1';
const names = readdirSync('models')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -5))
  .sort((a, b) => a.localeCompare(b));

describe('golden: models show --format json', () => {
  for (const name of names) {
    it(name, () => {
      const actual = `${JSON.stringify({ smtOn: presetJson(name, true), smtOff: presetJson(name, false) }, null, 2)}\n`;
      const file = `${DIR}/${name}.json`;
      if (update || !existsSync(file)) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, actual);
        if (!update) assert.fail(`${file} did not exist; written now — review and commit it`);
        return;
      }
      assert.equal(actual, readFileSync(file, 'utf8'), `${file} differs; if intended, run UPDATE_GOLDEN=1 npm test`);
    });
  }
});
