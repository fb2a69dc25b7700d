// Every scenario in scenarios/ is also a golden test: `lockcliff run FILE --format json` (without the
// wall time) must match test/golden/scenarios/NAME.json byte for byte — the model is deterministic.
// After an intended change, regenerate with `UPDATE_GOLDEN=1 npm test` and review the diff.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { readScenario, scenarioBurst } from '../../src/scenario/index.ts';
import { runBurst } from '../../src/workload/index.ts';

const DIR = 'test/golden/scenarios';
const update = process.env.UPDATE_GOLDEN === '1';
const files = readdirSync('scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .sort((a, b) => a.localeCompare(b));

describe('golden: scenarios', () => {
  for (const file of files) {
    it(file, () => {
      const outcome = runBurst(scenarioBurst(readScenario(`scenarios/${file}`, [])));
      const actual = `${JSON.stringify(outcome, null, 2)}\n`;
      const golden = `${DIR}/${file.replace(/\.yaml$/, '.json')}`;
      if (update || !existsSync(golden)) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(golden, actual);
        if (!update) assert.fail(`${golden} did not exist; written now — review and commit it`);
        return;
      }
      assert.equal(actual, readFileSync(golden, 'utf8'), `${golden} differs; if intended, UPDATE_GOLDEN=1 npm test`);
    });
  }
});
