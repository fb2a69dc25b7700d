// The CLI as a user meets it: help, version, and exit code 2 with a clear message on bad usage.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

function lockcliff(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/lockcliff.js', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('lockcliff CLI', () => {
  it('--help explains the tool and exits 0', () => {
    const r = lockcliff('--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /lock contention across CPU topologies/);
    assert.match(r.stdout, /Exit codes/);
  });

  it('--version prints the package version', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const r = lockcliff('--version');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), version);
  });

  it('an unknown command exits 2 naming it', () => {
    const r = lockcliff('frobnicate');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown argument: frobnicate/);
    assert.match(r.stderr, /lockcliff --help/);
  });

  it('a bad flag exits 2 naming it', () => {
    const r = lockcliff('version', '--bogus-flag');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Unknown arguments?: .*bogus-flag/);
  });

  it('no command exits 2 and says how to list them', () => {
    const r = lockcliff();
    assert.equal(r.status, 2);
    assert.match(r.stderr, /name a command/);
  });
});

describe('lockcliff models', () => {
  it('list --format json gives every preset with the fields planners read', () => {
    const r = lockcliff('models', 'list', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { name: string; threads: number; interconnect: string }[];
    assert.equal(rows.length, 7);
    assert.ok(rows.every((row) => ['mesh', 'chiplet'].includes(row.interconnect)));
  });

  it('show --smt off halves r5.metal to 48 threads, one per core', () => {
    const r = lockcliff('models', 'show', 'r5.metal', '--smt', 'off', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(s.threads, 48);
    assert.equal(s.smt, 1);
    assert.equal(s.sockets, 2);
    assert.equal(s.l3Domains, 2);
    assert.equal(s.interconnect, 'mesh');
    assert.match(String((s.sources as Record<string, string>)['latencyNs.crossSocket[0]']), /134 \(measured\)/);
  });

  it('show of an unknown machine exits 2 and lists the known ones', () => {
    const r = lockcliff('models', 'show', 'r6.metal');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown machine "r6.metal"; known: .*r5\.metal/);
  });
});

describe('lockcliff lockbench and locks', () => {
  it('lockbench --format json gives the rows the issue names', () => {
    const r = lockcliff(
      'lockbench',
      '--machine',
      'm7a.24xlarge',
      '--lock',
      'qspinlock',
      '--threads',
      '1,4',
      '--duration',
      '2ms',
      '--warmup',
      '200us',
      '--format',
      'json',
    );
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.deepEqual(
      rows.map((row) => row.threads),
      [1, 4],
    );
    for (const row of rows) {
      for (const key of ['threads', 'throughputPerSecond', 'acquireLatencyNs', 'handoffs', 'spinFraction', 'fairness'])
        assert.ok(key in row, key);
      assert.deepEqual(Object.keys(row.acquireLatencyNs as object), ['mean', 'p50', 'p99']);
      assert.deepEqual(Object.keys(row.handoffs as object), ['smt', 'sameL3', 'crossL3', 'crossSocket']);
    }
  });

  it('too many threads, a bad lock parameter and a bad duration exit 2 naming the flag', () => {
    const many = lockcliff('lockbench', '--machine', 'r5.metal', '--lock', 'mcs', '--threads', '97');
    assert.equal(many.status, 2);
    assert.match(many.stderr, /--threads: 97 threads: r5\.metal has 96 online hardware threads/);
    const param = lockcliff('lockbench', '--machine', 'r5.metal', '--lock', 'ttas', '--param', 'nope=1');
    assert.equal(param.status, 2);
    assert.match(param.stderr, /ttas has no parameter "nope"; it has backoffMin, backoffMax/);
    const dur = lockcliff('lockbench', '--machine', 'r5.metal', '--lock', 'mcs', '--cs', '12 parsecs');
    assert.equal(dur.status, 2);
    assert.match(dur.stderr, /--cs/);
  });

  it('locks list --format json has a descriptor per algorithm', () => {
    const r = lockcliff('locks', 'list', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as { name: string }[]).map((d) => d.name);
    assert.deepEqual(names, ['tas', 'ttas', 'ticket', 'mcs', 'qspinlock', 'cna', 'seqlock', 'rwsem', 'rcu']);
  });
});
