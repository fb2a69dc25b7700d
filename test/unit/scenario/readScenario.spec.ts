// Scenario files on disk, and the bursts they describe.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readScenario, scenarioBurst, scenarioBursts } from '../../../src/scenario/index.ts';

describe('readScenario', () => {
  it('an unreadable file is an input error naming it', () => {
    assert.throws(() => readScenario('scenarios/none.yaml'), /cannot read scenario file scenarios\/none\.yaml/);
  });

  it('builds the burst on the machine it names, with --set overrides', () => {
    const o = scenarioBurst(readScenario('scenarios/mount-mayhem.yaml', ['burst.layers=7', 'machine=m7a.24xlarge']));
    assert.equal(o.layers, 7);
    assert.equal(o.machine.name, 'm7a.24xlarge');
  });

  it('many points at once, each with its own overrides', () => {
    const all = scenarioBursts('scenarios/mount-mayhem.yaml', [
      ['burst.containers=3'],
      ['burst.containers=4', 'smt=off'],
    ]);
    assert.deepEqual(
      all.map((o) => [o.containers, o.smt]),
      [
        [3, true],
        [4, false],
      ],
    );
  });
});
