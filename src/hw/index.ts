// lockcliff hw: machine topology, placement, line-transfer latency and machine presets.

export {
  addCounters,
  Coherence,
  type CoherenceParams,
  type DeferredRequests,
  Line,
  type LineCounters,
  type LineOptions,
  type ServiceTrace,
  type Spinner,
  TRANSFER_CLASSES,
  type TransferClass,
} from './Coherence.ts';
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
