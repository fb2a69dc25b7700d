// The version outputs record is package.json's, and the CLI's --version prints the same.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { VERSION } from '../../../src/cli/version.ts';

describe('VERSION', () => {
  it('is package.json’s version, as lockcliff --version prints it', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    assert.equal(VERSION, pkg.version);
    const r = spawnSync(process.execPath, ['bin/lockcliff.js', '--version'], { encoding: 'utf8' });
    assert.equal(r.stdout.trim(), pkg.version);
  });
});
