// Presets on disk: by name from models/, by path, and a clear error naming the known ones.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadMachineSpec, loadPreset, presetNames } from '../../../src/hw/index.ts';

describe('loadPreset', () => {
  it('lists the library and loads by name or by path', () => {
    assert.ok(presetNames().includes('r5.metal'));
    assert.equal(loadPreset('r5.metal').name, loadPreset('models/r5.metal.yaml').name);
  });

  it('an unknown name says which exist; a missing file says so', () => {
    assert.throws(() => loadPreset('r9.metal'), /unknown machine "r9.metal"; known: .*r5\.metal/);
    assert.throws(() => loadPreset('./nope.yaml'), /no such machine file: \.\/nope\.yaml/);
  });

  it('a machine spec carries the preset’s name, layout, latencies and line parameters', () => {
    const m = loadMachineSpec('m7a.24xlarge');
    assert.equal(m.name, 'm7a.24xlarge');
    assert.equal(m.layout.threadsPerCore, 1);
    assert.equal(m.coherence.interconnect, 'chiplet');
  });
});
