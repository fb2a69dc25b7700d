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
