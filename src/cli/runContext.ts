// The context a sweep's or cliff search's results.json records (experiment/RunContext): the version,
// the command that makes the results again, every scenario field with its origin (and, for model
// parameters, kind, range and source), and the facts of each machine the series ran on.

import type { MachineFacts, RunContext, SweepResults } from '../experiment/index.ts';
import { loadPreset, presetSources, presetSummary } from '../hw/index.ts';
import { KERNEL_PARAMS } from '../kernel/index.ts';
import { smtLabel } from '../metrics/index.ts';
import { type Override, readScenario, SCENARIO_FIELDS } from '../scenario/index.ts';
import { VERSION } from './version.ts';

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The options that decide what runs (output, jobs, shard and resume flags do not), as the command line gives them. */
export interface CommandOptions {
  readonly vary: readonly string[];
  readonly set: readonly Override[];
  readonly seeds: number;
  readonly threshold: number;
  readonly probeTimeouts: boolean;
  readonly load?: string;
  readonly confidence?: number;
  readonly resolution?: number;
}

/** The command that makes the same results again, in one canonical order. */
export function reproduceCommand(kind: 'sweep' | 'cliff', scenario: string, o: CommandOptions): string {
  const words = ['lockcliff', kind, scenario];
  for (const v of o.vary) words.push('--vary', v);
  if (o.load !== undefined) words.push('--load', o.load);
  words.push('--seeds', String(o.seeds));
  if (o.confidence !== undefined) words.push('--confidence', String(o.confidence));
  if (o.resolution !== undefined) words.push('--resolution', String(o.resolution));
  words.push('--threshold', String(o.threshold));
  if (!o.probeTimeouts) words.push('--no-probe-timeouts');
  for (const s of o.set)
    if (s.flag === '--allow-out-of-range') words.push('--allow-out-of-range');
    else words.push('--set', `${s.path}=${s.value}`);
  return words.map(shellWord).join(' ');
}

const PARAM_BY_PATH = new Map(KERNEL_PARAMS.map((p) => [`kernel.params.${p.name}`, p]));

/** The machines the results' series ran on: preset (as the scenario or --vary named it) and SMT. */
function machinesOf(results: SweepResults, scenarioMachine: string): MachineFacts[] {
  const seen = new Map<string, MachineFacts>();
  for (const row of results.rows) {
    const label = `${row.outcome.machine}, ${smtLabel(row.outcome)}`;
    if (seen.has(label)) continue;
    const nameOrPath = row.point.machine ?? scenarioMachine;
    const preset = loadPreset(nameOrPath);
    const s = presetSummary(nameOrPath, preset, row.outcome.smt);
    seen.set(label, {
      label,
      name: s.name,
      description: s.description,
      sockets: s.sockets,
      l3DomainsPerSocket: preset.layout.l3DomainsPerSocket,
      coresPerL3: preset.layout.coresPerSocket / preset.layout.l3DomainsPerSocket,
      threadsPerCore: s.smt,
      interconnect: s.interconnect,
      clockGHz: s.clockGHz,
      latencyNs: s.latencyClassMediansNs as Record<string, number>,
      memory: { ...s.memory, dramNs: (s.lines as Record<string, number>).memoryNs ?? Number.NaN },
      sources: presetSources(preset),
    });
  }
  return [...seen.values()];
}

/** The context of a sweep's or cliff search's results. */
export function runContext(
  kind: 'sweep' | 'cliff',
  scenarioFile: string,
  options: CommandOptions,
  results: SweepResults,
): RunContext {
  const s = readScenario(scenarioFile, options.set);
  const fields = SCENARIO_FIELDS.map((f) => {
    const p = PARAM_BY_PATH.get(f.path);
    return {
      path: f.path,
      value: String(s.values[f.path] ?? ''),
      default: f.default === undefined ? '' : String(f.default),
      origin: s.origins?.[f.path] ?? 'default',
      ...(f.unit !== undefined && { unit: f.unit }),
      ...(p !== undefined && { kind: p.kind, source: p.source }),
      ...(p?.range !== undefined && { range: p.range }),
      doc: p?.doc ?? f.doc,
    };
  });
  return {
    lockcliff: VERSION,
    command: reproduceCommand(kind, scenarioFile, options),
    scenario: {
      file: scenarioFile,
      name: String(s.values.name ?? ''),
      description: String(s.values.description ?? ''),
      fields,
    },
    machines: machinesOf(results, String(s.values.machine)),
  };
}

/** The merged sweep's context: the shards' (the same but for the machines each shard's rows met), machines in row order. */
export function mergeContexts(
  contexts: readonly (RunContext | undefined)[],
  results: SweepResults,
): RunContext | undefined {
  const first = contexts.find((c) => c !== undefined);
  if (first === undefined) return undefined;
  const byLabel = new Map(contexts.flatMap((c) => c?.machines ?? []).map((m) => [m.label, m]));
  const labels = [...new Set(results.rows.map((r) => `${r.outcome.machine}, ${smtLabel(r.outcome)}`))];
  return { ...first, machines: labels.flatMap((l) => byLabel.get(l) ?? []) };
}
