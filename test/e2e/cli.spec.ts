// The CLI as a user meets it: help, version, and exit code 2 with a clear message on bad usage.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    assert.equal(rows.length, 8);
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

describe('lockcliff run, scenario, sweep, plot', () => {
  it('run --format json gives the outcome fields the issue names', () => {
    const r = lockcliff('run', 'scenarios/mount-mayhem.yaml', '--containers', '4', '--layers', '3', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'machine',
      'smt',
      'containers',
      'layers',
      'passes',
      'strategy',
      'seed',
      'syscalls',
      'mountOps',
      'startLatencySeconds',
      'startSuccessRate',
      'probes',
      'probeTimeouts',
      'mountinfoReadSecondsMax',
      'systemdBacklogSecondsMax',
      'spinFraction',
      'contestedFraction',
      'falseSharingFraction',
      'locks',
      'simulatedSeconds',
      'events',
      'wallSeconds',
    ])
      assert.ok(key in o, key);
    assert.equal(o.mountOps, 4 * 2 * (1 + 3 + 3));
  });

  it('scenario check: ok, or exit 2 naming file, field and what is allowed', () => {
    assert.equal(lockcliff('scenario', 'check', 'scenarios/mount-mayhem.yaml').status, 0);
    const bad = lockcliff('scenario', 'check', 'scenarios/mount-mayhem.yaml', '--set', 'burst.layers=fifty');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /burst\.layers: expected a positive integer, got "fifty"/);
    const explain = lockcliff('scenario', 'explain', 'scenarios/mount-mayhem.yaml', '--set', 'burst.layers=7');
    assert.equal(explain.status, 0);
    // Where each value came from, and the default beside a changed one.
    assert.match(explain.stdout, /burst\.containers\s+100\s+\(set in the file\)/);
    assert.match(explain.stdout, /burst\.layers\s+7\s+\(set on the command line; default 50\)/);
    assert.match(explain.stdout, /burst\.arrivalWindow\s+10s\s+\(default\)/);
    assert.doesNotMatch(explain.stdout, /shared\/reference|V §D|DESIGN §|\bK: /);
    assert.match(explain.stdout, /kernel\.params\.pathLookup/);
  });

  it('sweep: identical results with --jobs 1 and --jobs 2; cliffs, CSV and charts written; plot re-renders', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-sweep-'));
    const args = [
      'sweep',
      'scenarios/mount-mayhem.yaml',
      '--vary',
      'machine+smt=r5.metal+on,m7a.24xlarge+off',
      '--vary',
      'containers=4:8:4',
      '--seeds',
      '2',
      '--set',
      'burst.layers=3',
    ];
    const one = lockcliff(...args, '--jobs', '1', '--out', join(dir, 'a'));
    assert.equal(one.status, 0, one.stderr);
    const two = lockcliff(...args, '--jobs', '2', '--out', join(dir, 'b'), '--no-charts');
    assert.equal(two.status, 0, two.stderr);
    assert.equal(
      readFileSync(join(dir, 'a', 'results.json'), 'utf8'),
      readFileSync(join(dir, 'b', 'results.json'), 'utf8'),
    );
    assert.equal(
      readFileSync(join(dir, 'a', 'results.csv'), 'utf8'),
      readFileSync(join(dir, 'b', 'results.csv'), 'utf8'),
    );
    const cliffs = JSON.parse(readFileSync(join(dir, 'a', 'cliffs.json'), 'utf8')) as Record<string, unknown>[];
    assert.equal(cliffs.length, 2);
    for (const c of cliffs)
      for (const k of ['cliffContainers', 'low', 'high', 'criterion', 'failedBy']) assert.ok(k in c, k);
    assert.match(one.stdout, /cliff \(containers\)/);
    // Each combination's line says how close it comes at the largest load.
    assert.match(
      one.stdout,
      /none ≤ 8 +8: p99 start [\d.]+ s, mountinfo [\d.]+ s, probe [\d.]+ s, P \d+ K \d+ +r5\.metal, SMT on/,
    );
    assert.match(one.stdout, /deadline, or a health probe past its 30 s timeout; "failed by" says which criterion/);
    // m7a.24xlarge has no SMT siblings: its label says so rather than "SMT off" or "SMT on".
    assert.match(one.stdout, /m7a\.24xlarge, no SMT/);
    for (const chart of [
      'cliff-success',
      'cliff-p99',
      'probe-vs-load',
      'start-latency-cdf',
      'cpu-profile',
      'lock-time',
      'lock-waits',
      'mountinfo-vs-table',
    ])
      for (const ext of ['vl.json', 'svg', 'png'])
        assert.ok(existsSync(join(dir, 'a', `${chart}.${ext}`)), `${chart}.${ext}`);
    const report = readFileSync(join(dir, 'a', 'report.html'), 'utf8');
    assert.match(report, /<caption>The cliff of each series<\/caption>/);
    assert.match(report, /r5\.metal, SMT on/);
    assert.equal((report.match(/<svg/g) ?? []).length, 8 + 2, 'the eight charts and the two machines inlined');
    // The command that reproduces the page: the same flags, without --jobs and --out.
    assert.ok(
      report.includes(
        'lockcliff sweep scenarios/mount-mayhem.yaml --vary machine+smt=r5.metal+on,m7a.24xlarge+off --vary containers=4:8:4 --seeds 2 --threshold 0.99 --set burst.layers=3',
      ),
    );
    assert.match(
      report,
      /<td>burst\.layers<\/td><td class="num">3<\/td><td class="num">50<\/td><td>on the command line<\/td>/,
    );
    assert.ok(!existsSync(join(dir, 'b', 'report.html')), '--no-charts writes no report');
    const plot = lockcliff('plot', join(dir, 'b'), '--format', 'md');
    assert.equal(plot.status, 0, plot.stderr);
    assert.ok(existsSync(join(dir, 'b', 'cliff-p99.png')));
    assert.ok(existsSync(join(dir, 'b', 'machine-m7a-24xlarge-no-smt.png')));
    assert.ok(!existsSync(join(dir, 'b', 'report.html')), '--format md writes the Markdown only');
    const md = readFileSync(join(dir, 'b', 'report.md'), 'utf8');
    assert.match(md, /^# lockcliff: where the node falls off the cliff/);
    assert.match(md, /!\[[^\]]*\]\(cliff-p99\.png\)/);
  });

  it('a bad --vary exits 2 and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-sweep-'));
    const r = lockcliff('sweep', 'scenarios/mount-mayhem.yaml', '--vary', 'containers=0:8:4', '--out', join(dir, 'x'));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /burst\.containers: expected a positive integer, got "0"/);
    assert.ok(!existsSync(join(dir, 'x')));
  });
});

describe('lockcliff models import', () => {
  it('writes a preset and its CSV that `models show` then loads by path; a bad file exits 2 naming the line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-import-'));
    const out = join(dir, 'i9.yaml');
    const r = lockcliff(
      'models',
      'import',
      '--lscpu',
      'test/fixtures/machines/i9-9900k.lscpu',
      '--c2c',
      'test/fixtures/machines/i9-9900k.c2c.csv',
      '--name',
      'i9',
      '--out',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'i9.c2c.csv')));
    const show = lockcliff('models', 'show', out, '--format', 'json');
    assert.equal(show.status, 0, show.stderr);
    assert.equal((JSON.parse(show.stdout) as { threads: number }).threads, 16);
    const bad = lockcliff(
      'models',
      'import',
      '--lscpu',
      'test/fixtures/machines/bad-value.lscpu',
      '--latency-from',
      'r5.metal',
      '--name',
      'x',
      '--out',
      join(dir, 'x.yaml'),
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /bad-value\.lscpu: line 4: column Core/);
    assert.ok(!existsSync(join(dir, 'x.yaml')));
  });
});

describe('lockcliff cliff', () => {
  it('finds a cliff by search, prints the table with the criterion that failed first, writes the sweep outputs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-cliff-'));
    const r = lockcliff(
      'cliff',
      'scenarios/mount-mayhem.yaml',
      '--vary',
      'strategy=per-layer-idmap,common-parent',
      '--load',
      'containers=10:90',
      '--set',
      'burst.layers=20',
      '--set',
      'probes.timeout=0.4s',
      '--set',
      'probes.period=1s',
      '--seeds',
      '2',
      '--no-charts',
      '--out',
      dir,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^\d+ +\[\d+, \d+\] +probes .* per-layer-idmap$/m);
    assert.match(r.stdout, /^none ≤ 90 .* common-parent$/m);
    const cliffs = JSON.parse(readFileSync(join(dir, 'cliffs.json'), 'utf8')) as { search?: { loads: unknown[] } }[];
    assert.ok(
      cliffs.every((c) => (c.search?.loads.length ?? 0) > 0),
      'each cliff says which loads it ran',
    );
    assert.ok(existsSync(join(dir, 'results.json')));
    // plot draws the search's cliffs (from cliffs.json), not cliffs recomputed by the grid's rule.
    const plot = lockcliff('plot', dir, '--format', 'md');
    assert.equal(plot.status, 0, plot.stderr);
    const md = readFileSync(join(dir, 'report.md'), 'utf8');
    const first = cliffs[0] as {
      cliffContainers: number;
      low: number;
      high: number;
      search: { loads: { load: number; seeds: number }[] };
    };
    assert.ok(
      md.includes(`| ${first.cliffContainers} | \\[${first.low},\u00a0${first.high}\\] | probes |`),
      'the search cliff and interval',
    );
    assert.ok(md.includes(first.search.loads.map((l) => `${l.load}×${l.seeds}`).join(' ')), 'the loads the search ran');
    const bad = lockcliff('cliff', 'scenarios/mount-mayhem.yaml', '--load', 'layers=1:5');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--load.*containers=LO:HI/);
  });
});
