// Lock parameters: descriptors declare them with defaults as text ("50ns", "65536", "padded"); a
// caller's overrides are validated against the descriptor and resolved (durations to ps with the
// machine's clock for "cyc").

import { InputError, resolveParam } from '../core/index.ts';
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
    out[p.name] = resolveParam(p, overrides[p.name] ?? p.default, {
      path: `${where}.${p.name}`,
      clockHz: clockGHz * 1e9,
    }) as number | string;
  }
  return out;
}
