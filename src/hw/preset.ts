// Machine presets: a YAML document per machine (models/NAME.yaml) in which every number carries its
// kind (measured / vendor / derived / estimate) and its source. Parsing only: the caller reads files.
// Errors name the file and the JSON path of the field, and say what is allowed.

import { parse } from 'yaml';
import {
  InputError,
  nsToPs,
  PS_PER_NS,
  type Ps,
  type SourcedParamSpec,
  VALUE_KINDS,
  type ValueKind,
} from '../core/index.ts';
import type { CoherenceParams } from './Coherence.ts';
import type { LatencyParams } from './LatencyModel.ts';
import { MEMORY_PARAMS, type MemoryParams, memoryParams } from './MemoryHierarchy.ts';
import type { Layout } from './Topology.ts';

export { VALUE_KINDS, type ValueKind };

/** A number with where it came from. */
export interface Sourced {
  readonly value: number;
  readonly kind: ValueKind;
  readonly source: string;
  /** Plausible range for a parameter that may be calibrated or swept. */
  readonly range?: readonly [number, number];
}

export interface Preset {
  readonly name: string;
  readonly description: string;
  readonly interconnect: 'mesh' | 'chiplet';
  /** Directory (a home agent tracks each line) or broadcast probes (Opteron). */
  readonly coherence: 'directory' | 'broadcast';
  readonly layout: Layout & { readonly source: string };
  readonly clockGHz: Sourced;
  readonly pauseCycles: Sourced;
  readonly latencyNs: {
    readonly smt: Sourced;
    readonly sameL3Near: Sourced;
    readonly sameL3Far: Sourced;
    readonly sameL3Median?: Sourced;
    readonly meshColumns?: Sourced;
    readonly crossL3?: readonly Sourced[];
    readonly l3PerQuadrant?: Sourced;
    readonly crossSocket?: readonly Sourced[];
  };
  /** Parameters of the cache-line model; absent fields take `DEFAULT_LINE_PARAMS`. */
  readonly lines: LineParamsSourced;
  /** Cache sizes and remote DRAM for walks (MemoryHierarchy); absent fields take `DEFAULT_MEMORY`. */
  readonly memory: MemorySourced;
  /** A measured core-to-core CSV (path relative to the preset file) that overrides the classes pair by pair. */
  readonly latencyMatrix?: { readonly file: string; readonly source: string };
}

/** The cache-line (coherence) parameters of a preset, each with its source. */
export interface LineParamsSourced {
  /** A hit in the core's own L1/L2 (also an SMT sibling's copy). */
  readonly l1HitNs: Sourced;
  /** A shared read served by the L3 (Intel: at the line's home slice; AMD: the CCX's L3). */
  readonly l3HitNs: Sourced;
  /** A miss no cache can serve. */
  readonly memoryNs: Sourced;
  /** Extra time per invalidated sharer beyond the first when an RFO invalidates a shared line. */
  readonly invalidatePerSharerNs: Sourced;
  /** Broadcast coherence only: what probing every die adds to each miss. */
  readonly probeNs: Sourced;
  /** Requests a home agent (Intel CHA TOR) tracks at once across lines. */
  readonly torEntries: Sourced;
  /** How much a sibling spinning with PAUSE slows the lock holder on the same core (factor ≥ 1). */
  readonly siblingSpinSlowdown: Sourced;
}

/**
 * The cache-line fields of a preset (`lines:`), as descriptors of the shared shape: a preset that does
 * not give a field takes its default, an estimate with a range to sweep. Values are ns unless said.
 */
export const LINE_PARAMS = [
  {
    name: 'l1HitNs',
    default: '1',
    unit: 'factor',
    kind: 'estimate',
    range: ['0.5', '2'],
    source: 'default: an L1/L2 hit is 4–12 cycles on every modelled core (estimate)',
    doc: "a hit in the core's own L1/L2 (also an SMT sibling's copy), ns",
  },
  {
    name: 'l3HitNs',
    default: '20',
    unit: 'factor',
    kind: 'estimate',
    range: ['10', '40'],
    source: 'default: L3 hit 17 ns (CLX, TMA constant) to 33 ns (SPR, measured) in docs/hardware.md',
    doc: "a shared read served by the L3 (Intel: at the line's home slice; AMD: the CCX's L3), ns",
  },
  {
    name: 'memoryNs',
    default: '90',
    unit: 'factor',
    kind: 'estimate',
    range: ['70', '150'],
    source: 'default: local DRAM 80 ns (CLX, TMA constant) in docs/hardware.md; only cold lines pay it',
    doc: 'a miss no cache can serve, ns',
  },
  {
    name: 'invalidatePerSharerNs',
    default: '2',
    unit: 'factor',
    kind: 'estimate',
    range: ['0.5', '10'],
    source:
      'default: a directory multicasts invalidations and collects acknowledgements in parallel; the per-sharer increment is not published (estimate)',
    doc: 'extra time per invalidated sharer beyond the first when an RFO invalidates a shared line, ns',
  },
  {
    name: 'probeNs',
    default: '0',
    unit: 'factor',
    kind: 'estimate',
    source: 'default: directory coherence does not probe every die',
    doc: 'broadcast coherence only: what probing every die adds to each miss, ns',
  },
  {
    name: 'torEntries',
    default: '32',
    unit: 'count',
    kind: 'estimate',
    range: ['32', '64'],
    source: 'docs/hardware.md: TOR size is not published (≈ 32–64 entries is an estimate)',
    doc: 'requests a home agent (Intel CHA TOR) tracks at once across lines',
  },
  {
    name: 'siblingSpinSlowdown',
    default: '1.05',
    unit: 'factor',
    kind: 'estimate',
    range: ['1', '1.1'],
    source: 'docs/hardware.md: a sibling spinning with PAUSE slows the holder ≈ 1.0–1.1× (estimate)',
    doc: 'how much a sibling spinning with PAUSE slows the lock holder on the same core (factor ≥ 1)',
  },
] as const satisfies readonly SourcedParamSpec[];

export const LINE_PARAM_NAMES = LINE_PARAMS.map((p) => p.name);

/** A field's default as a preset value. */
function sourcedDefault(p: SourcedParamSpec): Sourced {
  const value = Number(p.default);
  return p.range === undefined
    ? { value, kind: p.kind, source: p.source }
    : { value, kind: p.kind, source: p.source, range: [Number(p.range[0]), Number(p.range[1])] };
}

/** Defaults for a preset that does not give a line parameter. */
export const DEFAULT_LINE_PARAMS = Object.fromEntries(
  LINE_PARAMS.map((p) => [p.name, sourcedDefault(p)]),
) as unknown as LineParamsSourced;

/** The memory fields of a preset, each with its source (MemoryHierarchy.ts describes them). */
export type MemorySourced = { readonly [K in (typeof MEMORY_PARAMS)[number]['name']]: Sourced };

/** Defaults for a preset that does not give a memory field. */
export const DEFAULT_MEMORY = Object.fromEntries(
  MEMORY_PARAMS.map((p) => [p.name, sourcedDefault(p)]),
) as unknown as MemorySourced;

type Json = unknown;

class Reader {
  constructor(readonly file: string) {}

  fail(path: string, message: string): never {
    throw new InputError(message, { file: this.file, path });
  }

  object(value: Json, path: string): Record<string, Json> {
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      this.fail(path, `expected a mapping, got ${describe(value)}`);
    return value as Record<string, Json>;
  }

  string(value: Json, path: string): string {
    if (typeof value !== 'string' || value.trim() === '')
      this.fail(path, `expected a non-empty string, got ${describe(value)}`);
    return value;
  }

  oneOf<T extends string>(value: Json, path: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  }

  positiveInteger(value: Json, path: string): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      this.fail(path, `expected a positive integer, got ${describe(value)}`);
    return value;
  }

  sourced(value: Json, path: string, allowZero = false): Sourced {
    const o = this.object(value, path);
    const v = o.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (v === 0 && !allowZero))
      this.fail(`${path}.value`, `expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${describe(v)}`);
    const kind = this.oneOf(o.kind, `${path}.kind`, VALUE_KINDS);
    const source = this.string(o.source, `${path}.source`);
    if (o.range === undefined) return { value: v, kind, source };
    const r = o.range;
    if (
      !Array.isArray(r) ||
      r.length !== 2 ||
      typeof r[0] !== 'number' ||
      typeof r[1] !== 'number' ||
      !(r[0] <= v && v <= r[1])
    ) {
      this.fail(`${path}.range`, `expected [low, high] with low ≤ value (${v}) ≤ high, got ${describe(r)}`);
    }
    return { value: v, kind, source, range: [r[0], r[1]] };
  }

  sourcedList(value: Json, path: string): Sourced[] {
    if (!Array.isArray(value) || value.length === 0)
      this.fail(path, `expected a non-empty list, got ${describe(value)}`);
    return value.map((item, i) => this.sourced(item, `${path}[${i}]`));
  }
}

function describe(value: Json): string {
  return value === undefined ? 'nothing' : JSON.stringify(value);
}

/** Parses and validates a preset document. `file` names it in errors. */
export function parsePreset(text: string, file: string): Preset {
  const r = new Reader(file);
  let document: Json;
  try {
    document = parse(text);
  } catch (error) {
    r.fail('', `not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const o = r.object(document, '(document)');
  const known = [
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
    'latencyMatrix',
  ];
  for (const key of Object.keys(o))
    if (!known.includes(key)) r.fail(key, `unknown field; allowed: ${known.join(', ')}`);
  const layoutObject = r.object(o.layout, 'layout');
  const layout = {
    sockets: r.positiveInteger(layoutObject.sockets, 'layout.sockets'),
    coresPerSocket: r.positiveInteger(layoutObject.coresPerSocket, 'layout.coresPerSocket'),
    l3DomainsPerSocket: r.positiveInteger(layoutObject.l3DomainsPerSocket, 'layout.l3DomainsPerSocket'),
    threadsPerCore: r.positiveInteger(layoutObject.threadsPerCore, 'layout.threadsPerCore'),
    source: r.string(layoutObject.source, 'layout.source'),
    ...(layoutObject.numbering !== undefined && { numbering: readNumbering(r, layoutObject.numbering) }),
  };
  for (const key of Object.keys(layoutObject)) {
    const allowed = ['sockets', 'coresPerSocket', 'l3DomainsPerSocket', 'threadsPerCore', 'source', 'numbering'];
    if (!allowed.includes(key)) r.fail(`layout.${key}`, `unknown field; allowed: ${allowed.join(', ')}`);
  }
  if (layout.threadsPerCore > 2) r.fail('layout.threadsPerCore', `expected 1 or 2, got ${layout.threadsPerCore}`);
  if (layout.coresPerSocket % layout.l3DomainsPerSocket !== 0) {
    r.fail(
      'layout.l3DomainsPerSocket',
      `must divide coresPerSocket (${layout.coresPerSocket}), got ${layout.l3DomainsPerSocket}`,
    );
  }
  const l = r.object(o.latencyNs, 'latencyNs');
  const optional = <T>(key: string, read: (v: Json, p: string) => T): T | undefined =>
    l[key] === undefined ? undefined : read(l[key], `latencyNs.${key}`);
  const latencyNs = {
    smt: r.sourced(l.smt, 'latencyNs.smt'),
    sameL3Near: r.sourced(l.sameL3Near, 'latencyNs.sameL3Near'),
    sameL3Far: r.sourced(l.sameL3Far, 'latencyNs.sameL3Far'),
    ...definedOnly({
      sameL3Median: optional('sameL3Median', (v, p) => r.sourced(v, p)),
      meshColumns: optional('meshColumns', (v, p) => r.sourced(v, p)),
      crossL3: optional('crossL3', (v, p) => r.sourcedList(v, p)),
      l3PerQuadrant: optional('l3PerQuadrant', (v, p) => r.sourced(v, p)),
      crossSocket: optional('crossSocket', (v, p) => r.sourcedList(v, p)),
    }),
  };
  if (layout.sockets > 1 && latencyNs.crossSocket === undefined) {
    r.fail('latencyNs.crossSocket', `a ${layout.sockets}-socket machine needs cross-socket latencies`);
  }
  if (layout.l3DomainsPerSocket > 1 && latencyNs.crossL3 === undefined) {
    r.fail('latencyNs.crossL3', `${layout.l3DomainsPerSocket} L3 domains per socket need cross-L3 latencies`);
  }
  const lines = readLines(r, o.lines);
  const memory =
    o.memory === undefined
      ? DEFAULT_MEMORY
      : (readSection(r, o.memory, 'memory', MEMORY_PARAMS, DEFAULT_MEMORY) as unknown as MemorySourced);
  let latencyMatrix: { file: string; source: string } | undefined;
  if (o.latencyMatrix !== undefined) {
    const m = r.object(o.latencyMatrix, 'latencyMatrix');
    latencyMatrix = {
      file: r.string(m.file, 'latencyMatrix.file'),
      source: r.string(m.source, 'latencyMatrix.source'),
    };
  }
  return {
    name: r.string(o.name, 'name'),
    description: r.string(o.description, 'description'),
    interconnect: r.oneOf(o.interconnect, 'interconnect', ['mesh', 'chiplet'] as const),
    coherence: r.oneOf(o.coherence, 'coherence', ['directory', 'broadcast'] as const),
    layout,
    clockGHz: r.sourced(o.clockGHz, 'clockGHz'),
    pauseCycles: r.sourced(o.pauseCycles, 'pauseCycles'),
    latencyNs,
    lines,
    memory,
    ...(latencyMatrix !== undefined && { latencyMatrix }),
  };
}

function readNumbering(r: Reader, value: Json): [number, number, number][] {
  if (!Array.isArray(value))
    r.fail('layout.numbering', `expected a list of [socket, core, thread], got ${describe(value)}`);
  return value.map((entry, i) => {
    if (!Array.isArray(entry) || entry.length !== 3 || !entry.every((x) => Number.isInteger(x) && x >= 0))
      r.fail(
        `layout.numbering[${i}]`,
        `expected [socket, core, thread] (non-negative integers), got ${describe(entry)}`,
      );
    return entry as [number, number, number];
  });
}

function readLines(r: Reader, value: Json): LineParamsSourced {
  if (value === undefined) return DEFAULT_LINE_PARAMS;
  return readSection(
    r,
    value,
    'lines',
    LINE_PARAMS,
    DEFAULT_LINE_PARAMS as unknown as Readonly<Record<string, Sourced>>,
  ) as unknown as LineParamsSourced;
}

/** A section of sourced fields described by `specs`; an absent field takes its default. */
function readSection(
  r: Reader,
  value: Json,
  section: string,
  specs: readonly SourcedParamSpec[],
  defaults: Readonly<Record<string, Sourced>>,
): Record<string, Sourced> {
  const names = specs.map((p) => p.name);
  const o = r.object(value, section);
  for (const key of Object.keys(o)) {
    if (!names.includes(key)) r.fail(`${section}.${key}`, `unknown field; allowed: ${names.join(', ')}`);
  }
  const out: Record<string, Sourced> = {};
  for (const key of names) {
    out[key] =
      o[key] === undefined ? (defaults[key] as Sourced) : r.sourced(o[key], `${section}.${key}`, key === 'probeNs');
  }
  return out;
}

function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/** What a preset gives a simulation: its name, layout, latencies, cache-line and memory parameters. */
export interface MachineSpec {
  readonly name: string;
  readonly layout: Layout;
  readonly latency: LatencyParams;
  readonly coherence: CoherenceParams;
  readonly memory: MemoryParams;
}

/** A preset as a machine to simulate on, with its latencies (a measured matrix included, if loaded). */
export function machineSpecOf(preset: Preset, latency: LatencyParams = latencyParamsOf(preset)): MachineSpec {
  return {
    name: preset.name,
    layout: preset.layout,
    latency,
    coherence: coherenceParamsOf(preset),
    memory: memoryParamsOf(preset),
  };
}

/** The memory hierarchy a preset gives walks: its sizes, its L3 hit and local and remote DRAM. */
export function memoryParamsOf(preset: Preset): MemoryParams {
  return memoryParams({
    l2KB: preset.memory.l2KB.value,
    l2HitNs: preset.memory.l2HitNs.value,
    l3MB: preset.memory.l3MB.value,
    l3HitNs: preset.lines.l3HitNs.value,
    localDramNs: preset.lines.memoryNs.value,
    remoteDramNs: preset.memory.remoteDramNs.value,
  });
}

/** The latency parameters of a preset, for `LatencyModel`. */
export function latencyParamsOf(preset: Preset): LatencyParams {
  const l = preset.latencyNs;
  return {
    smtNs: l.smt.value,
    sameL3NearNs: l.sameL3Near.value,
    sameL3FarNs: l.sameL3Far.value,
    ...(l.sameL3Median !== undefined && { sameL3MedianNs: l.sameL3Median.value }),
    ...(l.meshColumns !== undefined && { meshColumns: l.meshColumns.value }),
    ...(l.crossL3 !== undefined && { crossL3Ns: l.crossL3.map((s) => s.value) }),
    ...(l.l3PerQuadrant !== undefined && { l3PerQuadrant: l.l3PerQuadrant.value }),
    ...(l.crossSocket !== undefined && { crossSocketNs: l.crossSocket.map((s) => s.value) }),
  };
}

/** The coherence parameters of a preset in picoseconds, with SMT and PAUSE from the preset. */
export function coherenceParamsOf(preset: Preset): CoherenceParams {
  const l = preset.lines;
  return {
    interconnect: preset.interconnect,
    broadcast: preset.coherence === 'broadcast',
    l1HitPs: nsToPs(l.l1HitNs.value),
    l3HitPs: nsToPs(l.l3HitNs.value),
    memoryPs: nsToPs(l.memoryNs.value),
    invalidatePerSharerPs: nsToPs(l.invalidatePerSharerNs.value),
    probePs: nsToPs(l.probeNs.value),
    torEntries: l.torEntries.value,
    pausePs: pausePsOf(preset),
    siblingSpinSlowdown: l.siblingSpinSlowdown.value,
  };
}

/** One PAUSE of the preset's core, in ps. */
export function pausePsOf(preset: Preset): Ps {
  return Math.round((preset.pauseCycles.value / preset.clockGHz.value) * PS_PER_NS);
}
