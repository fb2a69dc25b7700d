// `lockcliff run SCENARIO`, `lockcliff scenario check FILE`, `lockcliff scenario explain FILE`.

import type { Argv } from 'yargs';
import type { BurstOutcome } from '../metrics/index.ts';
import { outcomeTable } from '../report/index.ts';
import { readScenario, SCENARIO_FIELDS, type Scenario, scenarioBurst } from '../scenario/index.ts';
import { runBurst } from '../workload/index.ts';

/** Runs a scenario (already validated) and returns its outcome with the wall time. */
export function runScenario(s: Scenario): BurstOutcome & { wallSeconds: number } {
  const options = scenarioBurst(s);
  const t0 = performance.now();
  const outcome = runBurst(options);
  return { ...outcome, wallSeconds: Math.round(performance.now() - t0) / 1000 };
}

export function registerRun(yargs: Argv): Argv {
  return yargs
    .command(
      'run <scenario>',
      'Run one scenario (a YAML/JSON file in scenarios/) and print its outcome',
      (c) =>
        c
          .positional('scenario', { type: 'string', demandOption: true })
          .option('machine', { type: 'string', describe: 'override machine' })
          .option('smt', { choices: ['on', 'off'] as const })
          .option('containers', { type: 'number' })
          .option('layers', { type: 'number' })
          .option('strategy', { type: 'string' })
          .option('passes', { type: 'number' })
          .option('seed', { type: 'string' })
          .option('set', {
            type: 'string',
            array: true,
            default: [] as string[],
            describe: 'override any field: path=value',
          })
          .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
      (args) => {
        const sets = [...args.set];
        if (args.machine !== undefined) sets.push(`machine=${args.machine}`);
        if (args.smt !== undefined) sets.push(`smt=${args.smt}`);
        if (args.containers !== undefined) sets.push(`burst.containers=${args.containers}`);
        if (args.layers !== undefined) sets.push(`burst.layers=${args.layers}`);
        if (args.strategy !== undefined) sets.push(`burst.strategy=${args.strategy}`);
        if (args.passes !== undefined) sets.push(`burst.passes=${args.passes}`);
        if (args.seed !== undefined) sets.push(`seed=${args.seed}`);
        const outcome = runScenario(readScenario(args.scenario, sets));
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
              .positional('file', { type: 'string', demandOption: true })
              .option('set', { type: 'string', array: true, default: [] as string[] }),
          (args) => {
            const s = readScenario(args.file, args.set);
            scenarioBurst(s);
            console.log(`${args.file}: ok`);
          },
        )
        .command(
          'explain <file>',
          'Print the resolved scenario: every field with its value, default, unit and doc',
          (c) =>
            c
              .positional('file', { type: 'string', demandOption: true })
              .option('set', { type: 'string', array: true, default: [] as string[] })
              .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
          (args) => {
            const s = readScenario(args.file, args.set);
            scenarioBurst(s);
            if (args.format === 'json') {
              console.log(JSON.stringify(s.values, null, 2));
              return;
            }
            for (const f of SCENARIO_FIELDS) {
              const value = s.values[f.path];
              const isDefault = f.default !== undefined && String(value) === String(f.default);
              console.log(
                `${f.path.padEnd(38)} ${String(value).padEnd(16)} ${isDefault ? '(default)' : '(set)    '} ${f.unit === undefined ? '' : `[${f.unit}] `}${f.doc}`,
              );
            }
          },
        )
        .demandCommand(1, 'name a scenario subcommand: check or explain'),
    );
}
