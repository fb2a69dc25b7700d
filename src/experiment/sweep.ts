// Sweeps: `--vary field=values` dimensions × seeds → points. A value list is either a range
// LOW:HIGH:STEP (numbers) or a comma list. Short names: containers, layers, passes, strategy,
// arrival (burst.*), machine, smt; any other scenario field by its path.

import { InputError } from '../core/index.ts';

export const FIELD_ALIASES: Readonly<Record<string, string>> = {
  containers: 'burst.containers',
  layers: 'burst.layers',
  passes: 'burst.passes',
  strategy: 'burst.strategy',
  arrival: 'burst.arrival',
};

export interface Dimension {
  readonly field: string;
  readonly values: readonly string[];
}

export interface SweepPoint {
  /** Position in the sweep: results are ordered by it whatever the parallelism. */
  readonly index: number;
  /** Field path → value (as --set would give it). */
  readonly values: Readonly<Record<string, string>>;
  readonly seed: string;
}

export function parseVary(spec: string): Dimension {
  const eq = spec.indexOf('=');
  if (eq <= 0)
    throw new InputError(`bad --vary "${spec}": expected field=values, e.g. containers=10:300:10 or smt=on,off`, {
      path: '--vary',
    });
  const name = spec.slice(0, eq).trim();
  const field = FIELD_ALIASES[name] ?? name;
  const text = spec.slice(eq + 1).trim();
  const range = /^(-?\d+(?:\.\d+)?):(-?\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(text);
  if (range !== null) {
    const [lo, hi, step] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (!(step > 0) || hi < lo)
      throw new InputError(`bad range "${text}": expected LOW:HIGH:STEP with LOW ≤ HIGH, STEP > 0`, {
        path: `--vary ${name}`,
      });
    const values: string[] = [];
    for (let i = 0; lo + i * step <= hi + 1e-9; i++) values.push(String(Math.round((lo + i * step) * 1e9) / 1e9));
    return { field, values };
  }
  const values = text.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) throw new InputError(`bad value list "${text}"`, { path: `--vary ${name}` });
  return { field, values };
}

/** The cartesian product of the dimensions (first varies slowest) × seeds. */
export function expandPoints(dimensions: readonly Dimension[], seeds: readonly string[]): SweepPoint[] {
  const seen = new Set<string>();
  for (const d of dimensions) {
    if (seen.has(d.field)) throw new InputError(`${d.field} is varied twice`, { path: '--vary' });
    seen.add(d.field);
  }
  let combos: Record<string, string>[] = [{}];
  for (const d of dimensions) combos = combos.flatMap((c) => d.values.map((v) => ({ ...c, [d.field]: v })));
  const points: SweepPoint[] = [];
  for (const values of combos) for (const seed of seeds) points.push({ index: points.length, values, seed });
  return points;
}

/** `a+b=x+y,z+w` varies two fields together; anything else is one field (see parseVary). */
export function parseDimensions(specs: readonly string[]): Dimension[][] {
  return specs.map((spec) => {
    const eq = spec.indexOf('=');
    const names = spec.slice(0, Math.max(0, eq));
    if (!names.includes('+')) return [parseVary(spec)];
    const fields = names.split('+');
    const tuples = spec
      .slice(eq + 1)
      .split(',')
      .map((t) => t.split('+'));
    for (const t of tuples) {
      if (t.length !== fields.length)
        throw new InputError(`"${t.join('+')}" has ${t.length} parts for ${fields.length} fields (${names})`, {
          path: '--vary',
        });
    }
    return fields.map((f, i) => parseVary(`${f}=${tuples.map((t) => t[i]).join(',')}`));
  });
}

/** Points of joined dimensions: the fields of one joined group move together. */
export function joinedPoints(groups: readonly Dimension[][], seeds: readonly string[]): SweepPoint[] {
  // Encode each group as one dimension whose values are the tuples, then split them back.
  const sep = '\u0000';
  const joined: Dimension[] = groups.map((g) => ({
    field: g.map((d) => d.field).join(sep),
    values: (g[0] as Dimension).values.map((_, i) => g.map((d) => d.values[i] as string).join(sep)),
  }));
  return expandPoints(joined, seeds).map((p) => {
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(p.values)) {
      const fields = k.split(sep);
      const parts = v.split(sep);
      fields.forEach((f, i) => {
        values[f] = parts[i] as string;
      });
    }
    return { ...p, values };
  });
}
