// Scenario files: one descriptor per field (type, unit, default, allowed values, doc). Validation,
// `scenario explain`, `--set` and the docs all read this table. Errors name the file, the JSON path
// and what is allowed: `scenarios/x.yaml: burst.layers: expected a positive integer, got "fifty"`.

import { parse } from 'yaml';
import { InputError, parseDuration, type Ps } from '../core/index.ts';
import { KERNEL_PARAMS } from '../kernel/index.ts';
import { STRATEGIES } from '../workload/index.ts';

export type FieldType =
  | 'string'
  | 'positiveInt'
  | 'nonNegativeInt'
  | 'duration'
  | 'choice'
  | 'onOff'
  | 'boolean'
  | 'rate';

export interface FieldSpec {
  readonly path: string;
  readonly type: FieldType;
  readonly default?: string | number | boolean;
  readonly choices?: readonly string[];
  readonly unit?: string;
  /** The largest value a count may take (a hard limit: past it a run would not fit this machine). */
  readonly max?: number;
  readonly doc: string;
}

const isModelParameter = (spec: FieldSpec): boolean => spec.path.startsWith('kernel.params.');

/** Why a count has a hard limit (see FieldSpec.max). */
function limitReason(spec: FieldSpec): string {
  return `${spec.path}'s hard limit: past it one run would not fit in memory or finish in reasonable time (README, "Limits")`;
}

/** Where a scenario value came from, for `scenario explain`. */
export type ValueOrigin = 'file' | 'command line' | 'default';

/** An override of one field, and the flag it came from (for messages). */
export interface Override {
  readonly path: string;
  readonly value: string;
  /** The flag that gave it: `--set`, `--vary`, `--containers` … */
  readonly flag: string;
}

export const SCENARIO_FIELDS: readonly FieldSpec[] = [
  { path: 'name', type: 'string', doc: 'scenario name (shown in reports)' },
  { path: 'description', type: 'string', default: '', doc: 'what the scenario asks' },
  { path: 'machine', type: 'string', doc: 'a preset name (`lockcliff models list`) or a preset file' },
  { path: 'smt', type: 'onOff', default: 'on', doc: 'SMT siblings online (on) or offline as with nosmt (off)' },
  { path: 'seed', type: 'string', default: '1', doc: 'run seed: same scenario + same seed → identical results' },
  {
    path: 'burst.containers',
    type: 'positiveInt',
    default: 100,
    unit: 'containers',
    max: 2000,
    doc: 'containers started',
  },
  {
    path: 'burst.layers',
    type: 'positiveInt',
    default: 50,
    unit: 'layers',
    max: 500,
    doc: 'image layers per container',
  },
  {
    path: 'burst.passes',
    type: 'positiveInt',
    default: 2,
    max: 4,
    doc: 'mount passes per start (2 for containerd before v2.3)',
  },
  {
    path: 'burst.strategy',
    type: 'choice',
    default: 'per-layer-idmap',
    choices: STRATEGIES,
    doc: 'runtime strategy: per-layer-idmap (containerd ≤ 2.1: every layer idmapped and attached), common-parent (containerd 2.2: one idmap per pass), lowerdir-fd (fd-based layers, Linux ≥ 6.8); docs/kernel.md §2',
  },
  {
    path: 'runtime.clonePropagation',
    type: 'choice',
    default: 'peer',
    choices: ['peer', 'private'],
    doc: "how containerd makes its idmapped layer clones: peer = they join the layers' peer group (containerd ≤ 2.2: open_tree without AT_RECURSIVE, mount_setattr with propagation 0; the incident); private = MS_PRIVATE (containerd ≥ 2.3, Oct 2025). Source: docs/kernel.md *Mount propagation*",
  },
  {
    path: 'runtime.umountFlags',
    type: 'choice',
    default: 'detach',
    choices: ['detach', 'none'],
    doc: 'how containerd unmounts its temp mounts: detach = MNT_DETACH (containerd 2.0.0–2.0.6; the incident); none = flags 0 (from 2.0.7), one more walk of the propagation tree per umount (propagate_mount_busy). Source: docs/kernel.md',
  },
  {
    path: 'burst.arrival',
    type: 'choice',
    default: 'burst',
    choices: ['burst', 'poisson', 'ramp'],
    doc: 'all at once, Poisson or evenly ramped over arrivalWindow',
  },
  {
    path: 'burst.arrivalWindow',
    type: 'duration',
    default: '10s',
    doc: 'window over which Poisson or ramped starts arrive',
  },
  {
    path: 'burst.deadline',
    type: 'duration',
    default: '240s',
    doc: 'a start slower than this fails (kubelet RunPodSandbox: 4 min)',
  },
  { path: 'probes.period', type: 'duration', default: '10s', doc: 'health probe period' },
  { path: 'probes.timeout', type: 'duration', default: '30s', doc: 'health probe timeout (30 s: kubelet, D-Bus)' },
  {
    path: 'probes.lookups',
    type: 'nonNegativeInt',
    default: 5,
    max: 1000,
    doc: 'path lookups per probe (plus one mountinfo read)',
  },
  { path: 'systemd.enabled', type: 'boolean', default: true, doc: 'systemd re-reads mountinfo on mount events' },
  {
    path: 'systemd.rateLimit',
    type: 'rate',
    default: 'none',
    unit: 'rescans/s',
    doc: '"none" (older systemd) or rescans per second (5 in current systemd)',
  },
  { path: 'kernel.version', type: 'string', default: '6.6', doc: 'kernel version; lowerdir-fd needs ≥ 6.8' },
  {
    path: 'run.horizon',
    type: 'duration',
    default: '600s',
    doc: 'simulated time allowed after the last start was due',
  },
  {
    path: 'run.allowOutOfRange',
    type: 'boolean',
    default: false,
    doc: 'accept kernel parameters outside their documented ranges (exploring on purpose; every output then lists them); the --allow-out-of-range flag sets it',
  },
  {
    path: 'run.mountinfoRuns',
    type: 'boolean',
    default: true,
    doc: "simulation method, not a model parameter: a mountinfo read's chunks go as runs while nobody waits for namespace_sem (their line traffic still reaches namespace_sem's line in time order); false simulates every chunk as its own step (slower; for checking the runs)",
  },
  ...KERNEL_PARAMS.map(
    (p): FieldSpec => ({
      path: `kernel.params.${p.name}`,
      type: p.unit === 'duration' ? 'duration' : 'string',
      default: p.default,
      unit: p.unit,
      doc: `${p.doc} [${p.kind}${p.range === undefined ? '' : `, range ${p.range[0]}–${p.range[1]}`}; ${p.source}]`,
    }),
  ),
];

export interface Scenario {
  readonly file: string;
  readonly values: Readonly<Record<string, string | number | boolean>>;
  /** Where each value came from (absent: a default). */
  readonly origins?: Readonly<Record<string, ValueOrigin>>;
}

type Json = unknown;

const describe = (v: Json): string => (v === undefined ? 'nothing' : JSON.stringify(v));

function flatten(value: Json, prefix: string, out: Map<string, Json>, file: string): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, Json>))
      flatten(v, prefix === '' ? k : `${prefix}.${k}`, out, file);
    return;
  }
  out.set(prefix, value);
}

/**
 * Checks and normalises one value against its field; `where` (a file, or the flag that gave the value)
 * prefixes the error. Text values (from flags) are parsed.
 */
export function checkField(spec: FieldSpec, raw: Json, where: string | undefined): string | number | boolean {
  const file = where;
  const fail = (expected: string): never => {
    throw new InputError(`expected ${expected}, got ${describe(raw)}`, {
      ...(file !== undefined && { file }),
      path: spec.path,
    });
  };
  switch (spec.type) {
    case 'string':
      if (typeof raw === 'number') return String(raw);
      if (typeof raw !== 'string') return fail('a string');
      return raw;
    case 'positiveInt':
    case 'nonNegativeInt': {
      const v = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
      const min = spec.type === 'positiveInt' ? 1 : 0;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
        return fail(spec.type === 'positiveInt' ? 'a positive integer' : 'a non-negative integer');
      if (spec.max !== undefined && v > spec.max) return fail(`at most ${spec.max} (${limitReason(spec)})`);
      return v;
    }
    case 'duration':
      if (typeof raw !== 'string') return fail('a duration such as "30s" or "2.5us"');
      if (parseDuration(raw, { ...(file !== undefined && { file }), path: spec.path }) === 0 && !isModelParameter(spec))
        return fail('a duration above zero, such as "30s"');
      return raw;
    case 'choice':
      if (typeof raw !== 'string' || !(spec.choices ?? []).includes(raw))
        return fail(`one of ${(spec.choices ?? []).join(', ')}`);
      return raw;
    case 'onOff':
      if (raw === true || raw === 'on') return 'on';
      if (raw === false || raw === 'off') return 'off';
      return fail('on or off');
    case 'boolean':
      if (raw === true || raw === 'true') return true;
      if (raw === false || raw === 'false') return false;
      return fail('true or false');
    case 'rate':
      if (raw === 'none') return 'none';
      if (typeof raw === 'number' && raw > 0) return raw;
      if (typeof raw === 'string' && Number(raw) > 0) return Number(raw);
      return fail('"none" or a positive number of rescans per second');
  }
}

/** `path=value` as given to `--set` (or another flag): an override, or an InputError naming the flag. */
export function parseOverride(text: string, flag = '--set'): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError(`bad ${flag} "${text}": expected path=value`, { path: flag });
  return { path: text.slice(0, eq), value: text.slice(eq + 1), flag };
}

/**
 * Parses a scenario document and applies overrides (`--set path=value` text, or Overrides that say
 * which flag gave them). Nothing is written.
 */
export function loadScenario(text: string, file: string, sets: readonly (string | Override)[] = []): Scenario {
  let document: Json;
  try {
    document = parse(text);
  } catch (error) {
    throw new InputError(`not valid YAML/JSON: ${yamlMessage(error)}`, { file });
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document))
    throw new InputError(`expected a mapping at the top, got ${describe(document)}`, { file, path: '(document)' });
  const given = new Map<string, Json>();
  flatten(document, '', given, file);
  const byPath = new Map(SCENARIO_FIELDS.map((f) => [f.path, f]));
  for (const path of given.keys()) {
    if (!byPath.has(path)) {
      const parent = path.split('.').slice(0, -1).join('.');
      const siblings = SCENARIO_FIELDS.filter(
        (f) =>
          f.path.startsWith(parent === '' ? '' : `${parent}.`) && f.path.split('.').length === path.split('.').length,
      ).map((f) => f.path.split('.').at(-1));
      throw new InputError(`unknown field; allowed here: ${siblings.join(', ')}`, { file, path });
    }
  }
  const origins: Record<string, ValueOrigin> = {};
  for (const path of given.keys()) origins[path] = 'file';
  const flagOf = new Map<string, string>();
  for (const set of sets) {
    const o = typeof set === 'string' ? parseOverride(set) : set;
    if (!byPath.has(o.path))
      throw new InputError(`unknown field "${o.path}"; \`lockcliff scenario explain FILE\` lists the fields`, {
        path: o.flag,
      });
    given.set(o.path, o.value);
    origins[o.path] = 'command line';
    flagOf.set(o.path, o.flag);
  }
  const values: Record<string, string | number | boolean> = {};
  for (const spec of SCENARIO_FIELDS) {
    const raw = given.get(spec.path);
    if (raw === undefined) {
      if (spec.default === undefined) throw new InputError('is required', { file, path: spec.path });
      values[spec.path] = spec.default;
      continue;
    }
    const flag = flagOf.get(spec.path);
    values[spec.path] = checkField(spec, raw, flag ?? file);
  }
  return { file, values, origins };
}

/** The first line of a YAML parser's message, without a dangling "at line L, column C:". */
function yamlMessage(error: unknown): string {
  const first = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return first.replace(/:\s*$/, '');
}

/** A duration field in ps. */
export function durationOf(s: Scenario, path: string): Ps {
  return parseDuration(String(s.values[path]), { file: s.file, path });
}
