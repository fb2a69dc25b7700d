// `lockcliff models list` and `lockcliff models show NAME [--smt on|off]`: the machine presets in
// models/, as a table or as JSON.

import type { Argv } from 'yargs';
import { loadPreset, presetJson, presetNames, presetSources, presetSummary } from '../hw/index.ts';
import { importMachine } from './importMachine.ts';

function listPresets(args: { readonly format: 'table' | 'json' }): void {
  const rows = presetNames().map((name) => presetSummary(name, loadPreset(name), true));
  if (args.format === 'json') {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  console.log('machine              sockets cores threads  L3 interconnect');
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(20)} ${String(r.sockets).padStart(7)} ${String(r.cores).padStart(5)} ${String(r.threads).padStart(7)} ${String(r.l3Domains).padStart(3)} ${r.interconnect}`,
    );
  }
}

function showPreset(args: {
  readonly name: string;
  readonly smt: 'on' | 'off';
  readonly format: 'table' | 'json';
}): void {
  const preset = loadPreset(args.name);
  const s = presetSummary(args.name, preset, args.smt === 'on');
  if (args.format === 'json') {
    console.log(JSON.stringify(presetJson(args.name, args.smt === 'on'), null, 2));
    return;
  }
  console.log(`${s.name} — ${s.description}`);
  console.log(
    `  ${s.sockets} socket(s), ${s.cores} cores, ${s.threads} threads online (SMT ${args.smt}), ${s.l3Domains} L3 domain(s), ${s.interconnect}, ${s.coherence} coherence`,
  );
  console.log(`  clock ${s.clockGHz} GHz, PAUSE ${s.pauseCycles} cycles`);
  console.log('  one-way transfer latency, class medians:');
  for (const [cls, ns] of Object.entries(s.latencyClassMediansNs))
    console.log(`    ${cls.padEnd(12)} ${ns.toFixed(1)} ns`);
  console.log(
    `  lines: ${Object.entries(s.lines)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(
    `  memory: ${Object.entries(s.memory)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (s.measuredMatrix !== null) console.log(`  measured latency matrix: ${s.measuredMatrix}`);
  console.log('  sources:');
  for (const [field, text] of Object.entries(presetSources(preset))) console.log(`    ${field}: ${text}`);
}

export function registerModels(yargs: Argv): Argv {
  return yargs.command('models', 'Machine presets: list, show, import', (y) =>
    y
      .command(
        'list',
        'List the machine presets',
        (c) =>
          c.option('format', {
            choices: ['table', 'json'] as const,
            default: 'table' as const,
            describe: 'output format',
          }),
        (args) => listPresets(args),
      )
      .command(
        'show <name>',
        'Show one preset (a name from `models list`, or a preset file): layout, latency classes, sources',
        (c) =>
          c
            .positional('name', { type: 'string', demandOption: true })
            .option('smt', {
              choices: ['on', 'off'] as const,
              default: 'on' as const,
              describe: 'SMT siblings online (on) or offline (off)',
            })
            .option('format', {
              choices: ['table', 'json'] as const,
              default: 'table' as const,
              describe: 'output format',
            }),
        (args) => showPreset(args),
      )
      .command(
        'import',
        'Build a preset from `lscpu -p` output and, optionally, a measured core-to-core latency CSV',
        (c) =>
          c
            .option('lscpu', { type: 'string', demandOption: true, describe: 'output of `lscpu -p`' })
            .option('c2c', {
              type: 'string',
              describe: 'core-to-core latency CSV (rows and columns are Linux cpu ids; the core-to-core-latency tool)',
            })
            .option('c2c-values', {
              choices: ['one-way', 'round-trip'] as const,
              default: 'one-way' as const,
              describe: 'what the CSV holds: the tool writes one-way values (its round trip ÷ 2)',
            })
            .option('name', { type: 'string', demandOption: true, describe: 'name of the new preset' })
            .option('latency-from', {
              type: 'string',
              describe: 'without --c2c: take latencies, clock and PAUSE from this preset',
            })
            .option('interconnect', {
              choices: ['mesh', 'chiplet'] as const,
              describe: 'default: chiplet when a socket has several L3 domains, else mesh',
            })
            .option('clock-ghz', { type: 'number', describe: 'core clock (GHz), for PAUSE and cycle units' })
            .option('pause-cycles', { type: 'number', describe: 'PAUSE latency in cycles' })
            .option('out', { type: 'string', describe: 'where to write the preset (default: ./NAME.yaml)' }),
        (args) => {
          const written = importMachine({
            lscpu: args.lscpu,
            ...(args.c2c !== undefined && { c2c: args.c2c }),
            roundTrip: args['c2c-values'] === 'round-trip',
            name: args.name,
            ...(args['latency-from'] !== undefined && { latencyFrom: loadPreset(args['latency-from']) }),
            ...(args.interconnect !== undefined && { interconnect: args.interconnect }),
            ...(args['clock-ghz'] !== undefined && { clockGHz: args['clock-ghz'] }),
            ...(args['pause-cycles'] !== undefined && { pauseCycles: args['pause-cycles'] }),
            out: args.out ?? `${args.name}.yaml`,
          });
          for (const line of written) console.log(line);
        },
      )
      .demandCommand(1, 'name a models subcommand: list, show or import'),
  );
}
