// Fuzzing the edges (issue 18): the scenario loader, the preset loader, the `models import` parsers and
// the command line, fed malformed YAML, wrong types, NaN/Infinity, negative or huge values, unknown
// fields and deep nesting. Each case gives a result or a clear InputError (exit 2) — never a stack
// trace, a hang or a crash. The number of cases run is printed.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { InputError } from '../../src/core/index.ts';
import { parseC2cCsv, parseLscpu, parsePreset } from '../../src/hw/index.ts';
import { buildBurst, loadScenario, SCENARIO_FIELDS } from '../../src/scenario/index.ts';
import { loadMachineSpec } from '../../src/hw/index.ts';
import { fc } from '../support/fastCheck.ts';

/** Values no field should choke on. */
const nasty = fc.oneof(
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-1',
    '0',
    '1e9',
    '1e308',
    '',
    ' ',
    'abc',
    '0x10',
    '1.5',
    '--',
    '10zs',
    '-5s',
  ),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 0, 1e12, 2 ** 53, 0.5, true, false, null),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -1000, max: 1_000_000 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);

/** A document nested `depth` levels deep. */
const deep = (depth: number, leaf: unknown): unknown => (depth === 0 ? leaf : { a: deep(depth - 1, leaf) });

let cases = 0;
const count =
  <A extends unknown[]>(f: (...a: A) => void) =>
  (...a: A): void => {
    cases++;
    f(...a);
  };

/** Runs `f`; passes if it returns or throws an InputError (optionally naming `prefix`), fails otherwise. */
function clear(f: () => unknown, prefix?: string): void {
  try {
    f();
  } catch (error) {
    assert.ok(
      error instanceof InputError,
      `not an InputError: ${error instanceof Error ? error.stack : String(error)}`,
    );
    if (prefix !== undefined) assert.ok(error.message.startsWith(prefix), error.message);
  }
}

const flagship = stringify({ name: 'f', machine: 'r5.metal', burst: { containers: 3, layers: 2 } });
const r5 = loadMachineSpec('r5.metal');

describe('fuzz: inputs never crash', () => {
  it('scenario files and --set overrides: a scenario or an InputError naming the file or the flag', () => {
    const paths = SCENARIO_FIELDS.map((f) => f.path);
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...paths, 'extra', 'burst.x', 'kernel.params.nope'), nasty, { maxKeys: 6 }),
        fc.array(fc.tuple(fc.constantFrom(...paths, 'nope'), nasty), { maxLength: 3 }),
        fc.integer({ min: 0, max: 60 }),
        count((fields: Record<string, unknown>, sets: [string, unknown][], depth: number) => {
          const doc = { ...fields, deep: depth > 0 ? deep(depth, 1) : undefined };
          // A flag value is text: objects as their JSON.
          const overrides = sets.map(
            ([path, value]) =>
              `${path}=${typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value)}`,
          );
          clear(() => buildBurst(loadScenario(stringify(doc), 'fuzz.yaml', overrides), r5));
          clear(() => buildBurst(loadScenario(flagship, 'fuzz.yaml', overrides), r5));
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('malformed YAML text: an InputError naming the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.constantFrom('[', '{a: [', ': :', '\t- x', 'a: &x *x', '%%%', '---\n---\n'),
        ),
        count((text: string) => {
          clear(() => loadScenario(text, 'fuzz.yaml'), 'fuzz.yaml');
          clear(() => parsePreset(text, 'fuzz-preset.yaml'), 'fuzz-preset.yaml');
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('presets with wrong types, missing and unknown fields: a preset or an InputError naming the file', () => {
    const fields = [
      'name',
      'description',
      'interconnect',
      'coherence',
      'layout',
      'clockGHz',
      'pauseCycles',
      'latencyNs',
      'lines',
      'memory',
      'bogus',
    ];
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...fields), nasty, { maxKeys: 8 }),
        count((doc: Record<string, unknown>) => clear(() => parsePreset(stringify(doc), 'p.yaml'), 'p.yaml')),
      ),
      { numRuns: 300 },
    );
  });

  it('`models import` inputs: lscpu -p text and core-to-core CSVs', () => {
    const lscpuLine = fc.array(
      fc.oneof(fc.integer({ min: -2, max: 300 }).map(String), fc.constantFrom('', 'x', 'NaN')),
      {
        minLength: 1,
        maxLength: 6,
      },
    );
    fc.assert(
      fc.property(
        fc.array(lscpuLine, { maxLength: 20 }),
        fc.array(fc.array(fc.oneof(fc.double(), fc.constantFrom('', 'x', 'NaN')), { maxLength: 6 }), { maxLength: 8 }),
        count((lines: string[][], csv: unknown[][]) => {
          const text = `# CPU,Core,Socket,Node,,L1d,L1i,L2,L3\n${lines.map((l) => l.join(',')).join('\n')}\n`;
          clear(() => parseLscpu(text, 'x.lscpu'), 'x.lscpu');
          clear(() => parseC2cCsv(csv.map((r) => r.join(',')).join('\n'), 'x.csv'), 'x.csv');
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('command-line flags: exit 0 or 2 with a message, never a throw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockcliff-fuzz-'));
    const lscpu = join(dir, 'box.lscpu');
    writeFileSync(lscpu, '# CPU,Core,Socket,Node\n0,0,0,0\nx\n');
    const quiet = { log: console.log, error: console.error };
    console.log = () => undefined;
    console.error = () => undefined;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            ['scenario', 'check', 'scenarios/mount-mayhem.yaml', '--set'],
            ['run', 'scenarios/mount-mayhem.yaml', '--containers'],
            ['run', 'scenarios/mount-mayhem.yaml', '--layers'],
            ['run', 'nope.yaml', '--seed'],
            ['sweep', 'scenarios/mount-mayhem.yaml', '--vary', 'containers=1,2', '--jobs'],
            ['sweep', 'scenarios/mount-mayhem.yaml', '--vary'],
            ['cliff', 'scenarios/mount-mayhem.yaml', '--load'],
            ['cliff', 'scenarios/mount-mayhem.yaml', '--confidence'],
            [
              'mountbench',
              '--machine',
              'r5.metal',
              '--slave-namespaces',
              '1',
              '--layers',
              '1',
              '--containers',
              '1',
              '--peers',
            ],
            ['lockbench', '--machine', 'r5.metal', '--lock', 'mcs', '--threads'],
            [
              'lockbench',
              '--machine',
              'r5.metal',
              '--lock',
              'seqlock',
              '--duration',
              '1us',
              '--warmup',
              '0us',
              '--readers',
            ],
            ['models', 'show'],
            ['models', 'import', '--lscpu', lscpu, '--out', join(dir, 'box.yaml'), '--name'],
            ['sensitivity', 'scenarios/mount-mayhem.yaml', '--param'],
            ['plot'],
            ['merge', '--out', join(dir, 'm')],
          ),
          fc.oneof(
            fc.constantFrom(
              'NaN',
              'Infinity',
              '-5',
              '0',
              '1e9',
              '',
              'abc',
              '/proc/x',
              'burst.layers=-1',
              'slice=5ms:1ms',
              '1/0',
              'containers=9:1',
              '0.3',
            ),
            fc.string({ maxLength: 10 }),
          ),
          async (argv, value) => {
            cases++;
            const code = await main(
              [...argv, value, '--out', join(dir, 'o')].filter(
                (a, i, all) => !(a === '--out' && all.indexOf('--out') !== i),
              ),
            );
            assert.ok(code === 0 || code === 2, `exit ${code} for ${[...argv, value].join(' ')}`);
          },
        ),
        { numRuns: 120 },
      );
    } finally {
      console.log = quiet.log;
      console.error = quiet.error;
    }
  });

  it('prints how many cases ran', () => {
    console.log(`# fuzz: ${cases} cases`);
    assert.ok(cases > 1000);
  });
});
