import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlacement, parseThreadList } from '../../../src/cli/lockbench.ts';

describe('lockbench flags', () => {
  it('thread lists and ranges', () => {
    assert.deepEqual(parseThreadList('1,2,4,8'), [1, 2, 4, 8]);
    assert.deepEqual(parseThreadList('1..4,8,2'), [1, 2, 3, 4, 8]);
    assert.throws(() => parseThreadList('0'), /bad thread count "0"/);
    assert.throws(() => parseThreadList('5..2'), /bad range "5..2"/);
  });

  it('placements: policies and cpu lists with ranges', () => {
    assert.equal(parsePlacement('spread'), 'spread');
    assert.deepEqual(parsePlacement('0-2,48'), [0, 1, 2, 48]);
    assert.throws(() => parsePlacement('everywhere'), /expected spread, compact, socket0 or a cpu list/);
  });
});
