// Scenario files on disk: read one (with `--set` overrides) and build the burst it describes on the
// machine it names (a preset name or file). The only file reading of the scenario module.

import { readFileSync } from 'node:fs';
import { InputError } from '../core/index.ts';
import { loadMachineSpec, type MachineSpec } from '../hw/index.ts';
import type { BurstOptions } from '../workload/index.ts';
import { buildBurst } from './build.ts';
import { loadScenario, type Scenario } from './schema.ts';

export function readScenario(file: string, sets: readonly string[] = []): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`cannot read scenario file ${file}`, { path: 'SCENARIO' });
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
export function scenarioBursts(scenario: string, setsPerTask: readonly (readonly string[])[]): BurstOptions[] {
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
