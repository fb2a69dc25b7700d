// Machine presets: a YAML document per machine (models/NAME.yaml) in which every number carries its
// kind (measured / vendor / derived / estimate) and its source. Parsing only: the caller reads files.
// Errors name the file and the JSON path of the field, and say what is allowed.

import { parse } from 'yaml';
import { InputError } from '../core/index.ts';
import type { LatencyParams } from './LatencyModel.ts';
import type { Layout } from './Topology.ts';

export const VALUE_KINDS = ['measured', 'vendor', 'derived', 'estimate'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

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
}

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

  sourced(value: Json, path: string): Sourced {
    const o = this.object(value, path);
    const v = o.value;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      this.fail(`${path}.value`, `expected a positive number, got ${describe(v)}`);
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
  const known = ['name', 'description', 'interconnect', 'coherence', 'layout', 'clockGHz', 'pauseCycles', 'latencyNs'];
  for (const key of Object.keys(o))
    if (!known.includes(key)) r.fail(key, `unknown field; allowed: ${known.join(', ')}`);
  const layoutObject = r.object(o.layout, 'layout');
  const layout = {
    sockets: r.positiveInteger(layoutObject.sockets, 'layout.sockets'),
    coresPerSocket: r.positiveInteger(layoutObject.coresPerSocket, 'layout.coresPerSocket'),
    l3DomainsPerSocket: r.positiveInteger(layoutObject.l3DomainsPerSocket, 'layout.l3DomainsPerSocket'),
    threadsPerCore: r.positiveInteger(layoutObject.threadsPerCore, 'layout.threadsPerCore'),
    source: r.string(layoutObject.source, 'layout.source'),
  };
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
  return {
    name: r.string(o.name, 'name'),
    description: r.string(o.description, 'description'),
    interconnect: r.oneOf(o.interconnect, 'interconnect', ['mesh', 'chiplet'] as const),
    coherence: r.oneOf(o.coherence, 'coherence', ['directory', 'broadcast'] as const),
    layout,
    clockGHz: r.sourced(o.clockGHz, 'clockGHz'),
    pauseCycles: r.sourced(o.pauseCycles, 'pauseCycles'),
    latencyNs,
  };
}

function definedOnly<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as { [K in keyof T]?: Exclude<T[K], undefined> };
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
