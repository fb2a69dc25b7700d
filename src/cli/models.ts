// `lockcliff models list` and `lockcliff models show NAME [--smt on|off]`: the machine presets in
// models/, as a table or as JSON.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import { LatencyModel, latencyParamsOf, type Preset, parsePreset, Topology } from '../hw/index.ts';

const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

function presetNames(): string[] {
  return readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => a.localeCompare(b));
}

/** Loads preset `name` from models/, or says which names exist. */
export function loadPreset(name: string): Preset {
  const names = presetNames();
  if (!names.includes(name))
    throw new InputError(`unknown machine "${name}"; known: ${names.join(', ')}`, { path: 'machine' });
  return parsePreset(readFileSync(`${MODELS_DIR}${name}.yaml`, 'utf8'), `models/${name}.yaml`);
}

function summary(preset: Preset, smt: boolean) {
  const topology = new Topology(preset.layout, smt);
  const latency = new LatencyModel(topology, latencyParamsOf(preset));
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
  };
}

export function registerModels(yargs: Argv): Argv {
  return yargs.command('models', 'Machine presets: list, show', (y) =>
    y
      .command(
        'list',
        'List the machine presets',
        (c) => c.option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
        (args) => {
          const rows = presetNames().map((name) => summary(loadPreset(name), true));
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
        'Show one preset: layout, latency classes and the source of every number',
        (c) =>
          c
            .positional('name', { type: 'string', demandOption: true })
            .option('smt', { choices: ['on', 'off'] as const, default: 'on' as const })
            .option('format', { choices: ['table', 'json'] as const, default: 'table' as const }),
        (args) => {
          const preset = loadPreset(args.name);
          const s = summary(preset, args.smt === 'on');
          if (args.format === 'json') {
            console.log(JSON.stringify({ ...s, sources: sourcesOf(preset) }, null, 2));
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
          console.log('  sources:');
          for (const [field, text] of Object.entries(sourcesOf(preset))) console.log(`    ${field}: ${text}`);
        },
      )
      .demandCommand(1, 'name a models subcommand: list or show'),
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
  return out;
}
