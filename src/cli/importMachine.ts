// `lockcliff models import`: reads `lscpu -p` output and, optionally, a measured core-to-core CSV,
// builds the preset (hw/importPreset.ts), copies the CSV beside it and writes it.

import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importPreset, type Preset } from '../hw/index.ts';
import { writeFileAtomic } from './writeFileAtomic.ts';

export interface ImportOptions {
  readonly lscpu: string;
  readonly c2c?: string;
  readonly roundTrip: boolean;
  readonly name: string;
  readonly latencyFrom?: Preset;
  readonly interconnect?: 'mesh' | 'chiplet';
  readonly clockGHz?: number;
  readonly pauseCycles?: number;
  readonly out: string;
}

/** Writes the preset (and the copied CSV); returns lines to print. */
export function importMachine(o: ImportOptions): string[] {
  const imported = importPreset({
    name: o.name,
    lscpu: { text: readFileSync(o.lscpu, 'utf8'), file: o.lscpu },
    ...(o.c2c !== undefined && { c2c: { text: readFileSync(o.c2c, 'utf8'), file: o.c2c, roundTrip: o.roundTrip } }),
    ...(o.latencyFrom !== undefined && { latencyFrom: o.latencyFrom }),
    ...(o.interconnect !== undefined && { interconnect: o.interconnect }),
    ...(o.clockGHz !== undefined && { clockGHz: o.clockGHz }),
    ...(o.pauseCycles !== undefined && { pauseCycles: o.pauseCycles }),
    out: o.out,
  });
  if (o.c2c !== undefined && imported.csvName !== null)
    copyFileSync(o.c2c, join(dirname(resolve(o.out)), imported.csvName));
  writeFileAtomic(o.out, imported.yaml);
  return [...imported.notes, `wrote ${o.out}${imported.csvName === null ? '' : ` and ${imported.csvName} beside it`}`];
}
