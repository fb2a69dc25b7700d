// Machine presets on disk: the library in models/ (by name) or any preset file (by path), with the
// measured core-to-core matrix a preset may name beside it. Reading only; parsing is preset.ts.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/index.ts';
import { parseC2cCsv } from './importers.ts';
import type { LatencyParams } from './LatencyModel.ts';
import { latencyParamsOf, type MachineSpec, machineSpecOf, type Preset, parsePreset } from './preset.ts';

const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

/** A machine argument is a path when it has a slash or a file extension, else a preset name. */
function isPath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || /\.(ya?ml|json)$/i.test(nameOrPath);
}

/** The presets of models/, by name. */
export function presetNames(): string[] {
  return readdirSync(MODELS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort((a, b) => a.localeCompare(b));
}

function presetFile(nameOrPath: string): { file: string; shown: string } {
  if (isPath(nameOrPath)) {
    const file = resolve(nameOrPath);
    if (!existsSync(file)) throw new InputError(`no such machine file: ${nameOrPath}`, { path: 'machine' });
    return { file, shown: nameOrPath };
  }
  const names = presetNames();
  if (!names.includes(nameOrPath))
    throw new InputError(
      `unknown machine "${nameOrPath}"; known: ${names.join(', ')} (or give the path of a preset file)`,
      { path: 'machine' },
    );
  return { file: `${MODELS_DIR}${nameOrPath}.yaml`, shown: `models/${nameOrPath}.yaml` };
}

/** Loads a preset by name (models/NAME.yaml) or by path, or says which names exist. */
export function loadPreset(nameOrPath: string): Preset {
  const { file, shown } = presetFile(nameOrPath);
  return parsePreset(readFileSync(file, 'utf8'), shown);
}

/** A preset's latency parameters including its measured matrix, if it names one. */
export function loadLatencyParams(nameOrPath: string, preset: Preset): LatencyParams {
  const params = latencyParamsOf(preset);
  if (preset.latencyMatrix === undefined) return params;
  const { file, shown } = presetFile(nameOrPath);
  const csv = resolve(dirname(file), preset.latencyMatrix.file);
  if (!existsSync(csv)) {
    throw new InputError(`latency matrix ${relative(process.cwd(), csv)} not found`, {
      file: shown,
      path: 'latencyMatrix.file',
    });
  }
  return { ...params, measured: parseC2cCsv(readFileSync(csv, 'utf8'), relative(process.cwd(), csv)) };
}

/** A preset (by name or path) as a machine to simulate on. */
export function loadMachineSpec(nameOrPath: string): MachineSpec {
  const preset = loadPreset(nameOrPath);
  return machineSpecOf(preset, loadLatencyParams(nameOrPath, preset));
}
