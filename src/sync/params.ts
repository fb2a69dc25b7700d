// Lock parameters: descriptors declare them with defaults as text ("50ns", "65536", "padded"); a
// caller's overrides are validated against the descriptor and resolved (durations to ps with the
// machine's clock for "cyc").

import { InputError, parseDuration } from '../core/index.ts';
import type { LockDescriptor } from './types.ts';

export type ResolvedParams = Readonly<Record<string, number | string>>;

export function resolveParams(
  descriptor: LockDescriptor,
  overrides: Readonly<Record<string, string>>,
  clockGHz: number,
  where = 'lock',
): ResolvedParams {
  const names = descriptor.params.map((p) => p.name);
  for (const key of Object.keys(overrides)) {
    if (!names.includes(key)) {
      throw new InputError(
        `${descriptor.name} has no parameter "${key}"; it has ${names.length === 0 ? 'none' : names.join(', ')}`,
        { path: `${where}.${key}` },
      );
    }
  }
  const out: Record<string, number | string> = {};
  for (const p of descriptor.params) {
    const text = overrides[p.name] ?? p.default;
    const path = `${where}.${p.name}`;
    switch (p.unit) {
      case 'duration':
        out[p.name] = parseDuration(text, { clockHz: clockGHz * 1e9, path });
        break;
      case 'count':
      case 'factor': {
        const v = Number(text);
        if (!Number.isFinite(v) || v < 0 || (p.unit === 'count' && !Number.isInteger(v)))
          throw new InputError(`expected a non-negative ${p.unit === 'count' ? 'integer' : 'number'}, got "${text}"`, {
            path,
          });
        out[p.name] = v;
        break;
      }
      case 'choice':
        if (!(p.choices ?? []).includes(text))
          throw new InputError(`expected one of ${(p.choices ?? []).join(', ')}, got "${text}"`, { path });
        out[p.name] = text;
        break;
    }
  }
  return out;
}
