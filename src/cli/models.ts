// `lockcliff models list` and `lockcliff models show NAME [--smt on|off]`: the machine presets in
// models/, as a table or as JSON.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import {
  LatencyModel,
  type LatencyParams,
  latencyParamsOf,
  type Preset,
  parseC2cCsv,
  parsePreset,
  Topology,
} from '../hw/index.ts';
import { importMachine } from './importMachine.ts';

const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

/** A machine argument is a path when it has a slash or a file extension, else a preset name. */
function isPath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || /\.(ya?ml|json)$/i.test(nameOrPath);
}

function presetNames(): string[] {
  return readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => a.localeCompare(b));
}

function presetFile(nameOrPath: string): { file: string; shown: string } {
  if (isPath(nameOrPath)) {
    const file = resolve(nameOrPath);
    if (!existsSync(file)) throw new InputError(`no such machine file: ${nameOrPath}`, { path: 'machine' });
    return { file, shown: nameOrPath };
  }
  const names = presetNames();
  if (!names.includes(nameOrPath))
    throw new InputError(
      `unknown machine "${nameOrPath}"; known: ${names.join(', ')} (or give the path of a preset file)`,
      { path: 'machine' },
    );
  return { file: `${MODELS_DIR}${nameOrPath}.yaml`, shown: `models/${nameOrPath}.yaml` };
}

/** Loads a preset by name (models/NAME.yaml) or by path, or says which names exist. */
export function loadPreset(nameOrPath: string): Preset {
  const { file, shown } = presetFile(nameOrPath);
  return parsePreset(readFileSync(file, 'utf8'), shown);
}

/** A preset's latency parameters including its measured matrix, if it names one. */
export function loadLatencyParams(nameOrPath: string, preset: Preset): LatencyParams {
  const params = latencyParamsOf(preset);
  if (preset.latencyMatrix === undefined) return params;
  const { file } = presetFile(nameOrPath);
  const csv = resolve(dirname(file), preset.latencyMatrix.file);
  if (!existsSync(csv)) {
    throw new InputError(`latency matrix ${relative(process.cwd(), csv)} not found`, {
      file: presetFile(nameOrPath).shown,
      path: 'latencyMatrix.file',
    });
  }
  return { ...params, measured: parseC2cCsv(readFileSync(csv, 'utf8'), relative(process.cwd(), csv)) };
}

function summary(nameOrPath: string, preset: Preset, smt: boolean) {
  const topology = new Topology(preset.layout, smt);
  const latency = new LatencyModel(topology, loadLatencyParams(nameOrPath, preset));
  return {
    name: preset.name,
    description: preset.description,
    sockets: topology.layout.sockets,
    cores: topology.cores,
    threads: topology.onlineCpus().length,
    smt: topology.threadsPerCoreOnline,
    l3Domains: topology.l3Domains,
    interconnect: preset.interconnect,
    coherence: preset.coherence,
    clockGHz: preset.clockGHz.value,
    pauseCycles: preset.pauseCycles.value,
    latencyClassMediansNs: latency.classMediansNs(),
    measuredMatrix: preset.latencyMatrix?.file ?? null,
    lines: Object.fromEntries(Object.entries(preset.lines).map(([k, v]) => [k, (v as { value: number }).value])),
  };
}

/** What `models show NAME --format json` prints. */
export function presetJson(nameOrPath: string, smt: boolean) {
  const preset = loadPreset(nameOrPath);
  return { ...summary(nameOrPath, preset, smt), sources: sourcesOf(preset) };
}

export function registerModels(yargs: Argv): Argv {
  return yargs.command('models', 'Machine presets: list, show, import', (y) =>
    y
      .command(
        'list',
        'List the machine presets',
        (c) => c.option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
        (args) => {
          const rows = presetNames().map((name) => summary(name, loadPreset(name), true));
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
        },
      )
      .command(
        'show <name>',
        'Show one preset (a name from `models list`, or a preset file): layout, latency classes, sources',
        (c) =>
          c
            .positional('name', { type: 'string', demandOption: true })
            .option('smt', { choices: ['on', 'off'] as const, default: 'on' as const })
            .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
        (args) => {
          const preset = loadPreset(args.name);
          const s = summary(args.name, preset, args.smt === 'on');
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
          if (s.measuredMatrix !== null) console.log(`  measured latency matrix: ${s.measuredMatrix}`);
          console.log('  sources:');
          for (const [field, text] of Object.entries(sourcesOf(preset))) console.log(`    ${field}: ${text}`);
        },
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

function sourcesOf(preset: Preset): Record<string, string> {
  const out: Record<string, string> = { layout: preset.layout.source };
  const add = (field: string, s: { value: number; kind: string; source: string }): void => {
    out[field] = `${s.value} (${s.kind}) — ${s.source}`;
  };
  add('clockGHz', preset.clockGHz);
  add('pauseCycles', preset.pauseCycles);
  for (const [key, value] of Object.entries(preset.latencyNs)) {
    if (Array.isArray(value)) {
      for (const [i, s] of value.entries()) add(`latencyNs.${key}[${i}]`, s);
    } else if (value !== undefined) add(`latencyNs.${key}`, value as { value: number; kind: string; source: string });
  }
  for (const [key, value] of Object.entries(preset.lines)) add(`lines.${key}`, value);
  if (preset.latencyMatrix !== undefined)
    out.latencyMatrix = `${preset.latencyMatrix.file} — ${preset.latencyMatrix.source}`;
  return out;
}
