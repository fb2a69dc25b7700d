// The one descriptor shape for every model parameter — kernel parameters, lock parameters, the
// scheduler's, the cache-line fields of a machine preset: its name, its default as text, its unit,
// where the value comes from and its plausible range. Validation, `scenario explain`, `locks list`,
// `models show`, sensitivity and the docs all read descriptors of this shape.

import { parseDuration } from './duration.ts';
import { InputError } from './errors.ts';
import type { Ps } from './time.ts';

/** Where a number comes from: measured, a vendor constant, derived from those, or an estimate to calibrate. */
export const VALUE_KINDS = ['measured', 'vendor', 'derived', 'estimate'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

/**
 * How a parameter's text reads: a duration with a unit ("40ns", "400cyc"), a count, a factor, a size
 * in bytes, one of `choices`, or a boolean (0/1, true/false, on/off).
 */
export type ParamUnit = 'duration' | 'count' | 'factor' | 'bytes' | 'choice' | 'boolean';

export interface ParamSpec<Name extends string = string> {
  readonly name: Name;
  /** Default as written in files and on the command line, e.g. "50ns", "65536", "shared-line". */
  readonly default: string;
  readonly unit: ParamUnit;
  readonly choices?: readonly string[];
  /** Plausible range (text, as the default), for validation, sweeps and sensitivity. */
  readonly range?: readonly [string, string];
  readonly kind?: ValueKind;
  /** Where the default comes from (a document of the repository, a paper, a measurement). */
  readonly source?: string;
  readonly doc: string;
}

/** A parameter whose value has a documented origin (kernel and scheduler parameters). */
export interface SourcedParamSpec<Name extends string = string> extends ParamSpec<Name> {
  readonly kind: ValueKind;
  readonly source: string;
}

/** The value a unit resolves to: durations in ps, booleans as booleans, choices as text, else numbers. */
export type ParamValue<U extends ParamUnit> = U extends 'duration'
  ? Ps
  : U extends 'boolean'
    ? boolean
    : U extends 'choice'
      ? string
      : number;

const TRUE_TEXT = ['1', 'true', 'on', 'yes'];
const FALSE_TEXT = ['0', 'false', 'off', 'no'];

export interface ParamContext {
  /** JSON path (or flag) of the value, for errors. */
  readonly path: string;
  /** Clock in Hz, for durations in cycles. */
  readonly clockHz?: number;
}

/** Resolves one parameter's text (or number) to its value; an `InputError` names the path and what is allowed. */
export function resolveParam(
  spec: ParamSpec,
  raw: string | number | boolean,
  at: ParamContext,
): number | string | boolean {
  const text = String(raw);
  const path = at.path;
  switch (spec.unit) {
    case 'duration':
      return parseDuration(text, { path, ...(at.clockHz !== undefined && { clockHz: at.clockHz }) });
    case 'choice':
      if (!(spec.choices ?? []).includes(text))
        throw new InputError(`expected one of ${(spec.choices ?? []).join(', ')}, got "${text}"`, { path });
      return text;
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (TRUE_TEXT.includes(t)) return true;
      if (FALSE_TEXT.includes(t)) return false;
      throw new InputError(
        `expected a boolean (${[...FALSE_TEXT, ...TRUE_TEXT].join(', ')}), got ${JSON.stringify(raw)}`,
        {
          path,
        },
      );
    }
    default: {
      const v = typeof raw === 'number' ? raw : Number(text);
      const integer = spec.unit === 'count';
      if (!Number.isFinite(v) || v < 0 || text.trim() === '' || (integer && !Number.isInteger(v)))
        throw new InputError(`expected a non-negative ${integer ? 'integer' : 'number'}, got ${JSON.stringify(raw)}`, {
          path,
        });
      return v;
    }
  }
}
