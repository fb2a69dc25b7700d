// `lockcliff models import`: lscpu -p parsing (numbering, L3 domains, errors naming the line), the
// core-to-core CSV, and the round trip: a preset built from a CSV has class medians equal to the CSV's.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { importMachine } from '../../../src/cli/importMachine.ts';
import { InputError } from '../../../src/core/index.ts';
import {
  LatencyModel,
  latencyParamsOf,
  loadLatencyParams,
  loadPreset,
  parseC2cCsv,
  parseLscpu,
  summariseMatrix,
  Topology,
} from '../../../src/hw/index.ts';

const FIX = 'test/fixtures/machines';

function lscpuOf(topology: Topology): string {
  const rows = ['# CPU,Core,Socket,Node,,L1d,L1i,L2,L3'];
  for (const cpu of topology.onlineCpus()) {
    const core = topology.coreOf(cpu);
    rows.push(
      `${cpu},${core},${topology.socketOf(cpu)},${topology.socketOf(cpu)},,${core},${core},${core},${topology.l3Of(cpu)}`,
    );
  }
  return `${rows.join('\n')}\n`;
}

/** The model's own matrix with ±3% deterministic jitter, lower triangle, as the tool writes it. */
function csvOf(latency: LatencyModel): string {
  const n = latency.topology.cpus;
  const lines: string[] = [];
  let x = 12345;
  for (let i = 0; i < n; i++) {
    const cells: string[] = [];
    for (let j = 0; j < n; j++) {
      if (j >= i) cells.push('');
      else {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        cells.push(String((latency.transferPs(i, j) / 1000) * (0.97 + (0.06 * x) / 2 ** 31)));
      }
    }
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('lscpu -p', () => {
  it('reads the usual numbering of a 2-socket SMT machine and needs no numbering list', () => {
    const r5 = new Topology({ sockets: 2, coresPerSocket: 24, l3DomainsPerSocket: 1, threadsPerCore: 2 });
    const m = parseLscpu(lscpuOf(r5), 'r5.lscpu');
    assert.equal(m.usualNumbering, true);
    assert.deepEqual(m.layout, { sockets: 2, coresPerSocket: 24, l3DomainsPerSocket: 1, threadsPerCore: 2 });
  });

  it('reads adjacent siblings (the i9-9900K fixture) into an explicit numbering', () => {
    const m = parseLscpu(readFileSync(`${FIX}/i9-9900k.lscpu`, 'utf8'), 'i9.lscpu');
    assert.equal(m.usualNumbering, false);
    const t = new Topology(m.layout);
    assert.equal(t.classify(0, 1), 'smt');
    assert.equal(t.classify(0, 2), 'sameL3');
    assert.deepEqual(t.siblingsOfCore(t.coreOf(5)), [4, 5]);
    assert.equal(t.withSmt(false).onlineCpus().length, 8);
  });

  it('finds CCX domains from the L3 column, also in the CACHE form', () => {
    const text = ['# CPU,Core,Socket,Cache']
      .concat(Array.from({ length: 16 }, (_, cpu) => `${cpu},${cpu},0,${cpu}:${cpu}:${cpu}:${Math.floor(cpu / 4)}`))
      .join('\n');
    const m = parseLscpu(text, 'ccx.lscpu');
    assert.deepEqual(m.layout, { sockets: 1, coresPerSocket: 16, l3DomainsPerSocket: 4, threadsPerCore: 1 });
  });

  for (const [file, message] of [
    ['bad-value.lscpu', /line 4: column Core: expected a non-negative integer, got "x"/],
    ['bad-duplicate.lscpu', /line 4: cpu 1 is listed again \(first on line 3\)/],
    ['bad-sockets.lscpu', /line 4: socket 1 has 1 cores, socket 0 has 2/],
  ] as const) {
    it(`${file}: an error naming the file and the line`, () => {
      assert.throws(
        () => parseLscpu(readFileSync(`${FIX}/${file}`, 'utf8'), file),
        (e: unknown) => e instanceof InputError && e.message.startsWith(`${file}: `) && message.test(e.message),
      );
    });
  }

  it('a missing cpu id and data before the header are errors', () => {
    assert.throws(() => parseLscpu('0,0,0\n', 'x'), /line 1: data before the "# CPU,Core,Socket,…" header/);
    assert.throws(() => parseLscpu('# CPU,Core,Socket\n0,0,0\n2,1,0\n', 'x'), /cpu 1 is missing/);
  });
});

describe('core-to-core CSV', () => {
  it('reads the lower triangle, symmetrises it, halves round trips on request', () => {
    const m = parseC2cCsv(',,\n10,,\n20,30,\n', 'x.csv');
    assert.equal(m.size, 3);
    assert.equal(m.ns[0 * 3 + 1], 10);
    assert.equal(m.ns[1 * 3 + 0], 10);
    assert.equal(m.ns[2 * 3 + 1], 30);
    assert.equal(parseC2cCsv(',,\n10,,\n20,30,\n', 'x.csv', { roundTrip: true }).ns[1], 5);
  });

  it('a bad cell is an error naming the line and column', () => {
    assert.throws(
      () => parseC2cCsv(',,\n10,,\n20,abc,\n', 'x.csv'),
      /x\.csv: line 3: column 2: expected a positive number/,
    );
    assert.throws(
      () => parseC2cCsv(',,\n10,,,\n20,30,\n', 'x.csv'),
      /line 2: row has 4 cells but the matrix has 3 rows/,
    );
  });

  it('rows beyond the machine are an error', () => {
    const small = new Topology({ sockets: 1, coresPerSocket: 2, l3DomainsPerSocket: 1, threadsPerCore: 1 });
    assert.throws(
      () => summariseMatrix(small, parseC2cCsv(',,\n10,,\n20,30,\n', 'x.csv')),
      /3 rows but the machine has 2 cpus/,
    );
  });
});

describe('models import', () => {
  it('the real i9-9900K CSV: class medians of the preset equal the CSV medians', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-import-'));
    const out = join(dir, 'i9.yaml');
    importMachine({
      lscpu: `${FIX}/i9-9900k.lscpu`,
      c2c: `${FIX}/i9-9900k.c2c.csv`,
      roundTrip: false,
      name: 'i9',
      out,
    });
    const preset = loadPreset(out);
    const topology = new Topology(preset.layout);
    const classes = summariseMatrix(topology, parseC2cCsv(readFileSync(`${FIX}/i9-9900k.c2c.csv`, 'utf8'), 'c2c'));
    const fromClasses = new LatencyModel(topology, latencyParamsOf(preset)).classMediansNs();
    const withMatrix = new LatencyModel(topology, loadLatencyParams(out, preset)).classMediansNs();
    for (const model of [fromClasses, withMatrix]) {
      assert.ok(Math.abs((model.smt as number) - (classes.smt?.median as number)) < 0.05);
      assert.ok(
        Math.abs((model.sameL3 as number) - (classes.sameL3?.median as number)) / (classes.sameL3?.median as number) <
          0.01,
      );
    }
  });

  it('a 2-socket SMT machine round-trips: every class median within 1% of the CSV', () => {
    const r5 = loadPreset('r5.metal');
    const topology = new Topology(r5.layout);
    const truth = new LatencyModel(topology, latencyParamsOf(r5));
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-import-'));
    writeFileSync(join(dir, 'm.lscpu'), lscpuOf(topology));
    const csv = csvOf(truth);
    writeFileSync(join(dir, 'm.csv'), csv);
    const out = join(dir, 'mybox.yaml');
    const printed = importMachine({
      lscpu: join(dir, 'm.lscpu'),
      c2c: join(dir, 'm.csv'),
      roundTrip: false,
      name: 'mybox',
      out,
    });
    assert.match(printed.at(-1) as string, /wrote .*mybox\.yaml and mybox\.c2c\.csv/);
    const preset = loadPreset(out);
    assert.equal(preset.latencyNs.crossSocket?.[0]?.kind, 'measured');
    const csvMedians = summariseMatrix(topology, parseC2cCsv(csv, 'm.csv'));
    const model = new LatencyModel(new Topology(preset.layout), latencyParamsOf(preset)).classMediansNs();
    const pairs: [string, number | undefined, number | undefined][] = [
      ['smt', model.smt, csvMedians.smt?.median],
      ['sameL3', model.sameL3, csvMedians.sameL3?.median],
      ['crossSocket', model.crossSocket, csvMedians.crossSocketByHop[0]?.median],
    ];
    for (const [cls, got, want] of pairs) {
      assert.ok(got !== undefined && want !== undefined, cls);
      assert.ok(Math.abs(got - want) / want < 0.01, `${cls}: model ${got} vs CSV ${want}`);
    }
  });

  it('without --c2c or --latency-from it says what to give', () => {
    assert.throws(
      () =>
        importMachine({
          lscpu: `${FIX}/i9-9900k.lscpu`,
          roundTrip: false,
          name: 'x',
          out: join(tmpdir(), 'never.yaml'),
        }),
      /give --c2c FILE .* or --latency-from PRESET/,
    );
  });
});
