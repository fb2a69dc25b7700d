// Interrupted and distributed sweeps give the unsharded, uninterrupted answer byte for byte: a sweep
// killed with SIGKILL and resumed with --resume, and a sweep run as shards and joined with merge.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const SWEEP = [
  'sweep',
  'scenarios/mount-mayhem.yaml',
  '--vary',
  'containers=4:32:4',
  '--vary',
  'strategy=per-layer-idmap,common-parent',
  '--set',
  'burst.layers=20',
  '--no-charts',
];

function lockcliff(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/lockcliff.js', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (dir: string, file: string): string => readFileSync(join(dir, file), 'utf8');
const lines = (file: string): number => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0);

describe('interrupted and sharded sweeps', () => {
  const root = mkdtempSync(join(tmpdir(), 'lockcliff-resume-'));
  const whole = join(root, 'whole');

  it('an uninterrupted sweep (the reference) says it is complete', () => {
    const r = lockcliff(...SWEEP, '--jobs', '1', '--out', whole);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(whole, 'manifest.json')));
  });

  it('killed with SIGKILL and resumed: byte-identical results', async () => {
    const dir = join(root, 'killed');
    const child = spawn(process.execPath, ['bin/lockcliff.js', ...SWEEP, '--jobs', '1', '--out', dir], {
      stdio: 'ignore',
    });
    const log = join(dir, 'runs.jsonl');
    // Wait for a few finished runs (header + ≥ 3), then kill it hard.
    for (let i = 0; i < 600 && lines(log) < 4; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const logged = lines(log) - 1;
    assert.ok(logged >= 3 && logged < 16, `${logged} runs logged before the kill`);
    assert.ok(!existsSync(join(dir, 'manifest.json')), 'an interrupted folder has no manifest');
    const plot = lockcliff('plot', dir);
    assert.equal(plot.status, 2);
    assert.match(plot.stderr, /interrupted run .* --resume/);
    const resumed = lockcliff(...SWEEP, '--jobs', '2', '--out', dir, '--resume');
    assert.equal(resumed.status, 0, resumed.stderr);
    for (const f of ['results.json', 'results.csv', 'cliffs.json']) assert.equal(read(dir, f), read(whole, f), f);
  });

  it('a resume refuses a log from another sweep', () => {
    const r = lockcliff(
      ...SWEEP.map((a) => (a === 'burst.layers=20' ? 'burst.layers=21' : a)),
      '--out',
      whole,
      '--resume',
    );
    assert.equal(r.status, 2);
    assert.match(r.stderr, /belongs to another sweep/);
  });

  it('three shards merged: byte-identical to the unsharded sweep; a missing or foreign shard is refused', () => {
    const shards = [1, 2, 3].map((i) => join(root, `shard-${i}`));
    shards.forEach((dir, i) => {
      const r = lockcliff(...SWEEP, '--jobs', '1', '--shard', `${i + 1}/3`, '--out', dir);
      assert.equal(r.status, 0, r.stderr);
    });
    const merged = join(root, 'merged');
    const m = lockcliff('merge', ...shards, '--out', merged, '--no-charts');
    assert.equal(m.status, 0, m.stderr);
    for (const f of ['results.json', 'results.csv', 'cliffs.json']) assert.equal(read(merged, f), read(whole, f), f);
    const missing = lockcliff('merge', shards[0] as string, shards[1] as string, '--out', join(root, 'm2'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /every shard once/);
    const foreign = lockcliff('merge', ...shards.slice(0, 2), whole, '--out', join(root, 'm3'));
    assert.equal(foreign.status, 2);
  });
});
