// `lockcliff run SCENARIO`, `lockcliff scenario check FILE`, `lockcliff scenario explain FILE`.

import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { InputError } from '../core/index.ts';
import { coherenceParamsOf } from '../hw/index.ts';
import { buildBurst, loadScenario, SCENARIO_FIELDS, type Scenario } from '../scenario/index.ts';
import { type BurstMachine, type BurstOutcome, runBurst } from '../workload/index.ts';
import { loadLatencyParams, loadPreset } from './models.ts';

/** "SMT on", "SMT off", or "no SMT" for a machine without siblings (results from before smtCapable: on/off). */
export function smtLabel(o: { readonly smt: boolean; readonly smtCapable?: boolean }): string {
  return o.smtCapable === false ? 'no SMT' : `SMT ${o.smt ? 'on' : 'off'}`;
}

export function readScenario(file: string, sets: readonly string[]): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cannot read scenario file ${file}`, { path: 'SCENARIO' });
  }
  return loadScenario(text, file, sets);
}

export function machineOf(name: string): BurstMachine {
  const preset = loadPreset(name);
  return {
    name: preset.name,
    layout: preset.layout,
    latency: loadLatencyParams(name, preset),
    coherence: coherenceParamsOf(preset),
  };
}

/** Runs a scenario (already validated) and returns its outcome with the wall time. */
export function runScenario(s: Scenario): BurstOutcome & { wallSeconds: number } {
  const options = buildBurst(s, machineOf(String(s.values.machine)));
  const t0 = performance.now();
  const outcome = runBurst(options);
  return { ...outcome, wallSeconds: Math.round(performance.now() - t0) / 1000 };
}

const fmt = (x: number, digits = 3): string => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

export function outcomeTable(o: BurstOutcome & { wallSeconds: number }): string {
  const l = o.startLatencySeconds;
  const lines = [
    `${o.machine} (${smtLabel(o)}): ${o.containers} containers × ${o.layers} layers × ${o.passes} passes, ${o.strategy}, seed ${o.seed}`,
    `  mount operations          ${o.mountOps.toLocaleString('en-US')} (syscalls: ${Object.entries(o.syscalls)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
    `  start latency (s)         mean ${fmt(l.mean)}  p50 ${fmt(l.p50)}  p90 ${fmt(l.p90)}  p99 ${fmt(l.p99)}  max ${fmt(l.max)}`,
    `  start success rate        ${(o.startSuccessRate * 100).toFixed(1)}% (${o.startsCompleted} of ${o.containers} completed)`,
    `  health probes             ${o.probes} run, ${o.probeTimeouts} timed out`,
    `  mountinfo read, max       ${fmt(o.mountinfoReadSecondsMax)} s   systemd backlog, max ${fmt(o.systemdBacklogSecondsMax)} s`,
    `  mountinfo reads           runtime ${o.mountinfoReads.runtime.toLocaleString('en-US')}, systemd ${o.mountinfoReads.systemd.toLocaleString('en-US')}, probes ${o.mountinfoReads.probes}`,
    `  mount table, peak         ${o.mountTablePeak.toLocaleString('en-US')} mounts`,
    `  CPU                       work ${(o.cpuProfile.work * 100).toFixed(1)}%, writers spinning ${(o.cpuProfile.spinWriters * 100).toFixed(1)}%, readers spinning ${(o.cpuProfile.spinReaders * 100).toFixed(1)}%, idle ${(o.cpuProfile.idle * 100).toFixed(1)}%`,
    `  lock lines                contested ${(o.contestedFraction * 100).toFixed(1)}%, false sharing ${(o.falseSharingFraction * 100).toFixed(1)}%, transfers ${Object.entries(
      o.lineTransfers,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  readers turned writers    ${o.readersTurnedWriters.toLocaleString('en-US')}`,
  ];
  for (const [name, s] of Object.entries(o.locks)) {
    lines.push(
      `  ${name.padEnd(24)}  ${s.acquisitions.toLocaleString('en-US')} holds; wait mean ${fmt(s.waitMeanUs, 1)} µs, max ${fmt(s.waitMaxMs)} ms; hold mean ${fmt(s.holdMeanUs, 1)} µs, max ${fmt(s.holdMaxMs)} ms`,
    );
  }
  lines.push(
    `  simulated ${fmt(o.simulatedSeconds)} s in ${fmt(o.wallSeconds, 2)} s wall, ${o.events.toLocaleString('en-US')} events`,
  );
  return lines.join('\n');
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
            buildBurst(s, machineOf(String(s.values.machine)));
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
            buildBurst(s, machineOf(String(s.values.machine)));
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
