// The one parameter descriptor shape: every unit resolves its text to a value, and a bad value is an
// InputError that names the path and what is allowed.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError, type ParamSpec, resolveParam } from '../../../src/core/index.ts';

const spec = (unit: ParamSpec['unit'], extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name: 'x',
  default: '1',
  unit,
  doc: 'a parameter',
  ...extra,
});

describe('resolveParam', () => {
  it('durations to ps, cycles with a clock', () => {
    assert.equal(resolveParam(spec('duration'), '2us', { path: 'p' }), 2_000_000);
    assert.equal(resolveParam(spec('duration'), '400cyc', { path: 'p', clockHz: 2e9 }), 200_000);
  });

  it('counts are non-negative integers, factors and bytes non-negative numbers', () => {
    assert.equal(resolveParam(spec('count'), '72', { path: 'p' }), 72);
    assert.equal(resolveParam(spec('factor'), 0.5, { path: 'p' }), 0.5);
    assert.equal(resolveParam(spec('bytes'), '122.5', { path: 'p' }), 122.5);
    assert.throws(() => resolveParam(spec('count'), '1.5', { path: 'k.n' }), /k\.n.*non-negative integer, got "1\.5"/);
    assert.throws(() => resolveParam(spec('factor'), '-1', { path: 'k.f' }), /non-negative number/);
    assert.throws(() => resolveParam(spec('factor'), '', { path: 'k.f' }), InputError);
    assert.throws(() => resolveParam(spec('factor'), 'NaN', { path: 'k.f' }), InputError);
  });

  it('booleans read 0/1, true/false, on/off', () => {
    for (const t of ['1', 'true', 'on', 'yes', true])
      assert.equal(resolveParam(spec('boolean'), t, { path: 'p' }), true);
    for (const f of ['0', 'false', 'off', 'no', false])
      assert.equal(resolveParam(spec('boolean'), f, { path: 'p' }), false);
    assert.throws(() => resolveParam(spec('boolean'), '0.7', { path: 'k.b' }), /k\.b.*expected a boolean/);
  });

  it('choices must be one of the list', () => {
    const c = spec('choice', { choices: ['padded', 'shared-line'] });
    assert.equal(resolveParam(c, 'padded', { path: 'p' }), 'padded');
    assert.throws(() => resolveParam(c, 'other', { path: 'lock.layout' }), /expected one of padded, shared-line/);
  });
});
