// Scenario files on disk: read one (with `--set` overrides) and build the burst it describes on the
// machine it names (a preset name or file). The only file reading of the scenario module.

import { readFileSync } from 'node:fs';
import { InputError } from '../core/index.ts';
import { loadMachineSpec, type MachineSpec } from '../hw/index.ts';
import type { BurstOptions } from '../workload/index.ts';
import { buildBurst } from './build.ts';
import { loadScenario, type Override, type Scenario } from './schema.ts';

export function readScenario(file: string, sets: readonly (string | Override)[] = []): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : ((error as Error).message ?? String(error));
    throw new InputError(`cannot read scenario file ${file}: ${why}`, { path: 'SCENARIO' });
  }
  return loadScenario(text, file, sets);
}

/** The burst a validated scenario describes, on its machine. */
export function scenarioBurst(s: Scenario): BurstOptions {
  return buildBurst(s, loadMachineSpec(String(s.values.machine)));
}

/**
 * Reads `scenario` with each list of `--set` overrides and builds its burst — all of them before any
 * runs, so bad input writes nothing. Machines are loaded once each.
 */
export function scenarioBursts(
  scenario: string,
  setsPerTask: readonly (readonly (string | Override)[])[],
): BurstOptions[] {
  const machines = new Map<string, MachineSpec>();
  return setsPerTask.map((sets) => {
    const s = readScenario(scenario, sets);
    const name = String(s.values.machine);
    let machine = machines.get(name);
    if (machine === undefined) {
      machine = loadMachineSpec(name);
      machines.set(name, machine);
    }
    return buildBurst(s, machine);
  });
}
