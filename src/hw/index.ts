// lockcliff hw: machine topology, placement, line-transfer latency and machine presets.

export { type LatencyParams, LatencyModel } from './LatencyModel.ts';
export { PLACEMENT_POLICIES, type PlacementPolicy, place, placementOrder } from './placement.ts';
export { latencyParamsOf, type Preset, parsePreset, type Sourced, VALUE_KINDS, type ValueKind } from './preset.ts';
export { type DistanceClass, type Layout, Topology } from './Topology.ts';
