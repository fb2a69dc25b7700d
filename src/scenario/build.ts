// From a validated scenario to the options of one burst run.

import { InputError } from '../core/index.ts';
import type { MachineSpec } from '../hw/index.ts';
import { outOfRange, resolveKernelParams } from '../kernel/index.ts';
import { type BurstOptions, burstCost, type Strategy, strategyOf } from '../workload/index.ts';
import { durationOf, type Scenario } from './schema.ts';

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (m === null) return false;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > major || (a === major && b >= minor);
}

export function buildBurst(s: Scenario, machine: MachineSpec): BurstOptions {
  const v = s.values;
  const strategy = v['burst.strategy'] as Strategy;
  const version = String(v['kernel.version']);
  if (!/^\d+\.\d+/.test(version))
    throw new InputError(`expected a version like "6.8", got "${version}"`, { file: s.file, path: 'kernel.version' });
  const needs = strategyOf(strategy).needsKernel;
  if (needs !== null && !versionAtLeast(version, needs.major, needs.minor))
    throw new InputError(
      `${strategy} needs ${needs.feature} (Linux ≥ ${needs.major}.${needs.minor}); kernel.version is ${version}`,
      { file: s.file, path: 'burst.strategy' },
    );
  const kernelOverrides: Record<string, string> = {};
  for (const [path, value] of Object.entries(v)) {
    if (path.startsWith('kernel.params.')) kernelOverrides[path.slice('kernel.params.'.length)] = String(value);
  }
  if (durationOf(s, 'run.horizon') < durationOf(s, 'burst.deadline')) {
    throw new InputError(
      `must be at least burst.deadline (${String(v['burst.deadline'])}): a start still running at the horizon counts as failed, which is only true past its deadline`,
      { file: s.file, path: 'run.horizon' },
    );
  }
  const allowOutOfRange = v['run.allowOutOfRange'] === true;
  const kernel = resolveKernelParams(kernelOverrides, `${s.file}: kernel.params`, { allowOutOfRange });
  if (kernel.contextSwitch >= kernel.slice) {
    // A preempted thread pays the switch again at each dispatch: it would never get any work done.
    throw new InputError(
      `${String(v['kernel.params.contextSwitch'])} must be shorter than kernel.params.slice (${String(v['kernel.params.slice'])}): a preempted thread pays the switch again at each dispatch and would never get work done`,
      { file: s.file, path: 'kernel.params.contextSwitch' },
    );
  }
  const arrival = String(v['burst.arrival']);
  const rate = v['systemd.rateLimit'];
  const o: BurstOptions = {
    machine,
    smt: v.smt === 'on',
    containers: v['burst.containers'] as number,
    layers: v['burst.layers'] as number,
    passes: v['burst.passes'] as number,
    strategy,
    runtime: {
      clonePropagation: v['runtime.clonePropagation'] as 'peer' | 'private',
      umountFlags: v['runtime.umountFlags'] as 'detach' | 'none',
    },
    arrival:
      arrival === 'burst'
        ? { kind: 'burst' }
        : { kind: arrival as 'poisson' | 'ramp', overPs: durationOf(s, 'burst.arrivalWindow') },
    deadlinePs: durationOf(s, 'burst.deadline'),
    probe: {
      periodPs: durationOf(s, 'probes.period'),
      timeoutPs: durationOf(s, 'probes.timeout'),
      lookups: v['probes.lookups'] as number,
    },
    systemd: { enabled: v['systemd.enabled'] === true, rateLimitPerSecond: rate === 'none' ? null : (rate as number) },
    kernel,
    seed: String(v.seed),
    horizonPs: durationOf(s, 'run.horizon'),
    mountinfoRuns: v['run.mountinfoRuns'] === true,
    ...(allowOutOfRange && { outOfRange: outOfRange(kernelOverrides) }),
  };
  checkRunSize(s, o);
  return o;
}

/** The flagship run (100 × 50 × 2, per-layer) is ≈ 0.6 M events; runs scale with burstCost. */
const FLAGSHIP_EVENTS = 600_000;
/** One run past this estimate is refused: ≈ 5 minutes at ≈ 1 M events per second on one core. */
export const MAX_RUN_EVENTS = 300_000_000;
/** What one simulated event costs this engine on one core (order of magnitude, for the message). */
const EVENTS_PER_SECOND = 1_000_000;

/** Refuses a run whose estimated size would not finish in reasonable time, naming the limit. */
function checkRunSize(s: Scenario, o: BurstOptions): void {
  const flagship = burstCost({ ...o, containers: 100, layers: 50, passes: 2, strategy: 'per-layer-idmap' });
  const events = (FLAGSHIP_EVENTS * burstCost(o)) / flagship;
  if (events <= MAX_RUN_EVENTS) return;
  throw new InputError(
    `${o.containers} containers × ${o.layers} layers × ${o.passes} passes is ≈ ${Math.round(events / 1e6).toLocaleString('en-US')} M events (≈ ${Math.round(events / EVENTS_PER_SECOND / 60).toLocaleString('en-US')} min on one core), past the ${MAX_RUN_EVENTS / 1e6} M-event limit of one run; lower the load or split the question`,
    { file: s.file, path: 'burst' },
  );
}
