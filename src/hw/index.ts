// lockcliff hw: machine topology, placement, line-transfer latency and machine presets.

export { Coherence, type CoherenceParams, type LineOptions, type ServiceTrace } from './Coherence.ts';
export { type DeferredRequests, Line } from './Line.ts';
export type { Spinner } from './LineSpinners.ts';
export { addCounters, type LineCounters, TRANSFER_CLASSES, type TransferClass } from './LineCounters.ts';
export {
  type ClassSummary,
  type LscpuMachine,
  type MeasuredMatrix,
  parseC2cCsv,
  parseLscpu,
  summariseMatrix,
} from './importers.ts';
export { DISTANCE_CLASS_ORDER, type LatencyParams, LatencyModel } from './LatencyModel.ts';
export { type ImportedPreset, importPreset, type PresetImport } from './importPreset.ts';
export { loadLatencyParams, loadMachineSpec, loadPreset, presetNames } from './loadPreset.ts';
export { presetJson, presetSources, presetSummary } from './presetSummary.ts';
export { MEMORY_PARAMS, MemoryHierarchy, type MemoryParams, memoryParams } from './MemoryHierarchy.ts';
export { PLACEMENT_POLICIES, type PlacementPolicy, place, placementOrder } from './placement.ts';
export {
  coherenceParamsOf,
  DEFAULT_LINE_PARAMS,
  LINE_PARAM_NAMES,
  type LineParamsSourced,
  latencyParamsOf,
  type MachineSpec,
  machineSpecOf,
  memoryParamsOf,
  type MemorySourced,
  DEFAULT_MEMORY,
  type Preset,
  parsePreset,
  pausePsOf,
  type Sourced,
  VALUE_KINDS,
  type ValueKind,
} from './preset.ts';
export { type DistanceClass, type Layout, Topology } from './Topology.ts';
