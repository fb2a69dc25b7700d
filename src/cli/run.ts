// `lockcliff run SCENARIO`, `lockcliff scenario check FILE`, `lockcliff scenario explain FILE`.

import type { Argv } from 'yargs';
import type { BurstOutcome } from '../metrics/index.ts';
import { outcomeTable } from '../report/index.ts';
import {
  type Override,
  readScenario,
  SCENARIO_FIELDS,
  type Scenario,
  scenarioBurst,
  type ValueOrigin,
} from '../scenario/index.ts';
import { runBurst, STRATEGIES } from '../workload/index.ts';
import { ALLOW_OUT_OF_RANGE, overridesOf, SET_OPTION } from './common.ts';

/** Runs a scenario (already validated) and returns its outcome with the wall time. */
export function runScenario(s: Scenario): BurstOutcome & { wallSeconds: number } {
  const options = scenarioBurst(s);
  const t0 = performance.now();
  const outcome = runBurst(options);
  return { ...outcome, wallSeconds: Math.round(performance.now() - t0) / 1000 };
}

function runOptions(c: Argv) {
  return c
    .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file (scenarios/*.yaml)' })
    .option('machine', { type: 'string', describe: 'machine preset name or file (`lockcliff models list`)' })
    .option('smt', { choices: ['on', 'off'] as const, describe: 'SMT siblings online (on) or offline (off)' })
    .option('containers', { type: 'string', describe: 'containers started (burst.containers)' })
    .option('layers', { type: 'string', describe: 'image layers per container (burst.layers)' })
    .option('strategy', { choices: STRATEGIES, describe: 'runtime strategy (burst.strategy)' })
    .option('passes', { type: 'string', describe: 'mount passes per start (burst.passes; 2 before containerd 2.3)' })
    .option('seed', { type: 'string', describe: 'run seed: same scenario and seed, same result' })
    .option('set', SET_OPTION)
    .option('allow-out-of-range', ALLOW_OUT_OF_RANGE)
    .option('format', { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'output format' });
}

type RunArgs = Awaited<ReturnType<ReturnType<typeof runOptions>['parseAsync']>>;

/** The run flags as overrides, each naming its flag (so an error says `--containers`, not `--set`). */
function runOverrides(args: RunArgs): Override[] {
  const out = overridesOf(args);
  const flags: [string, string, string | undefined][] = [
    ['--machine', 'machine', args.machine],
    ['--smt', 'smt', args.smt],
    ['--containers', 'burst.containers', args.containers],
    ['--layers', 'burst.layers', args.layers],
    ['--strategy', 'burst.strategy', args.strategy],
    ['--passes', 'burst.passes', args.passes],
    ['--seed', 'seed', args.seed],
  ];
  for (const [flag, path, value] of flags) if (value !== undefined) out.push({ path, value: String(value), flag });
  return out;
}

const ORIGIN_LABEL: Readonly<Record<ValueOrigin, string>> = {
  file: 'set in the file',
  'command line': 'set on the command line',
  default: 'default',
};

/** `scenario explain`: every field with its value, where it came from, the default beside a changed value, unit and doc. */
function explain(s: Scenario): void {
  for (const f of SCENARIO_FIELDS) {
    const value = String(s.values[f.path]);
    const origin = s.origins?.[f.path] ?? 'default';
    const changed = f.default !== undefined && f.default !== '' && origin !== 'default' && value !== String(f.default);
    const label = `(${ORIGIN_LABEL[origin]}${changed ? `; default ${String(f.default)}` : ''})`;
    console.log(
      `${f.path.padEnd(38)} ${value.padEnd(16)} ${label} ${f.unit === undefined ? '' : `[${f.unit}] `}${f.doc}`,
    );
  }
}

export function registerRun(yargs: Argv): Argv {
  return yargs
    .command(
      'run <scenario>',
      'Run one scenario (a YAML/JSON file in scenarios/) and print its outcome',
      runOptions,
      (args) => {
        const outcome = runScenario(readScenario(args.scenario, runOverrides(args)));
        console.log(args.format === 'json' ? JSON.stringify(outcome, null, 2) : outcomeTable(outcome));
      },
    )
    .command('scenario', 'Scenario files: check, explain', (y) =>
      y
        .command(
          'check <file>',
          'Validate a scenario file (exit 2 with the file, field and what is allowed)',
          (c) =>
            c
              .positional('file', { type: 'string', demandOption: true, describe: 'a scenario file' })
              .option('set', SET_OPTION)
              .option('allow-out-of-range', ALLOW_OUT_OF_RANGE),
          (args) => {
            scenarioBurst(readScenario(args.file, overridesOf(args)));
            console.log(`${args.file}: ok`);
          },
        )
        .command(
          'explain <file>',
          'Print the resolved scenario: every field with its value, where it came from, its default, unit, doc and source',
          (c) =>
            c
              .positional('file', { type: 'string', demandOption: true, describe: 'a scenario file' })
              .option('set', SET_OPTION)
              .option('allow-out-of-range', ALLOW_OUT_OF_RANGE)
              .option('format', {
                choices: ['table', 'json'] as const,
                default: 'table' as const,
                describe: 'output format',
              }),
          (args) => {
            const s = readScenario(args.file, overridesOf(args));
            scenarioBurst(s);
            if (args.format === 'json') console.log(JSON.stringify(s.values, null, 2));
            else explain(s);
          },
        )
        .demandCommand(1, 'name a scenario subcommand: check or explain'),
    );
}
