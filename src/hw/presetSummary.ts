// What `lockcliff models list/show` report of a preset: its layout, latency class medians, line
// parameters, and the source of every number.

import { LatencyModel } from './LatencyModel.ts';
import { loadLatencyParams, loadPreset } from './loadPreset.ts';
import type { Preset } from './preset.ts';
import { Topology } from './Topology.ts';

/** A preset's layout and figures as `models show` and `models list` report them. */
export function presetSummary(nameOrPath: string, preset: Preset, smt: boolean) {
  const topology = new Topology(preset.layout, smt);
  const latency = new LatencyModel(topology, loadLatencyParams(nameOrPath, preset));
  return {
    name: preset.name,
    description: preset.description,
    sockets: topology.layout.sockets,
    cores: topology.cores,
    threads: topology.onlineCpus().length,
    smt: topology.threadsPerCoreOnline,
    l3Domains: topology.l3Domains,
    interconnect: preset.interconnect,
    coherence: preset.coherence,
    clockGHz: preset.clockGHz.value,
    pauseCycles: preset.pauseCycles.value,
    latencyClassMediansNs: latency.classMediansNs(),
    measuredMatrix: preset.latencyMatrix?.file ?? null,
    lines: Object.fromEntries(Object.entries(preset.lines).map(([k, v]) => [k, (v as { value: number }).value])),
    memory: Object.fromEntries(Object.entries(preset.memory).map(([k, v]) => [k, (v as { value: number }).value])),
  };
}

/** What `models show NAME --format json` prints. */
export function presetJson(nameOrPath: string, smt: boolean) {
  const preset = loadPreset(nameOrPath);
  return { ...presetSummary(nameOrPath, preset, smt), sources: presetSources(preset) };
}

/** Every sourced number of a preset: its value, kind and source, by field. */
export function presetSources(preset: Preset): Record<string, string> {
  const out: Record<string, string> = { layout: preset.layout.source };
  const add = (field: string, s: { value: number; kind: string; source: string }): void => {
    out[field] = `${s.value} (${s.kind}) — ${s.source}`;
  };
  add('clockGHz', preset.clockGHz);
  add('pauseCycles', preset.pauseCycles);
  for (const [key, value] of Object.entries(preset.latencyNs)) {
    if (Array.isArray(value)) {
      for (const [i, s] of value.entries()) add(`latencyNs.${key}[${i}]`, s);
    } else if (value !== undefined) add(`latencyNs.${key}`, value as { value: number; kind: string; source: string });
  }
  for (const [key, value] of Object.entries(preset.lines)) add(`lines.${key}`, value);
  for (const [key, value] of Object.entries(preset.memory)) add(`memory.${key}`, value);
  if (preset.latencyMatrix !== undefined)
    out.latencyMatrix = `${preset.latencyMatrix.file} — ${preset.latencyMatrix.source}`;
  return out;
}
