// The options of one container-start burst (DESIGN §1.5), as a scenario builds them: the machine,
// the load (containers × layers × passes), the runtime strategy, arrivals, the deadline, health
// probes, systemd, the kernel's parameters, the seed and the horizon.

import { InputError, type Ps } from '../core/index.ts';
import type { KernelParams, RuntimeMounts } from '../kernel/index.ts';
import type { MachineSpec } from '../hw/index.ts';
import type { Strategy } from './RuntimeStrategy.ts';

export type Arrival = { readonly kind: 'burst' } | { readonly kind: 'poisson' | 'ramp'; readonly overPs: Ps };

export interface BurstOptions {
  readonly machine: MachineSpec;
  readonly smt: boolean;
  readonly containers: number;
  readonly layers: number;
  readonly passes: number;
  readonly strategy: Strategy;
  /** The runtime version's clone propagation and umount flags (containerd ≤ 2.2 / ≥ 2.3; 2.0.0–2.0.6 / ≥ 2.0.7). */
  readonly runtime: RuntimeMounts;
  readonly arrival: Arrival;
  readonly deadlinePs: Ps;
  readonly probe: { readonly periodPs: Ps; readonly timeoutPs: Ps; readonly lookups: number };
  readonly systemd: { readonly enabled: boolean; readonly rateLimitPerSecond: number | null };
  readonly kernel: KernelParams;
  readonly seed: string;
  /** Stop simulating this long after the last start was due (work still running is cut off). */
  readonly horizonPs: Ps;
  /** Mountinfo chunks in runs while nobody waits for namespace_sem (MountSubsystemOptions); default true. */
  readonly mountinfoRuns?: boolean;
  /**
   * Stop at the run's first failure (a cliff search needs the verdict, not the rest of a failed run):
   * a health probe past its timeout (when `probeTimeouts`), or too many starts past the deadline
   * (success below `threshold`). The outcome then says `stoppedAtFailure`; its figures are lower bounds.
   */
  readonly stopAtFailure?: { readonly threshold: number; readonly probeTimeouts: boolean };
  /** Kernel parameters set outside their documented ranges on purpose (--allow-out-of-range): outputs say so. */
  readonly outOfRange?: readonly string[];
  /** Check scheduler and lock invariants after every event (slow; for tests). */
  readonly checkInvariants?: boolean;
}

/** Throws an InputError naming the field if a count is not a positive integer. */
export function checkBurstOptions(o: BurstOptions): void {
  for (const field of ['containers', 'layers', 'passes'] as const) {
    const v = o[field];
    if (!(Number.isInteger(v) && v >= 1))
      throw new InputError(`${field} must be a positive integer`, { path: `burst.${field}` });
  }
}

/**
 * A run's relative cost, for handing out the costliest runs first and for the ETA: it grows with the
 * syscalls and with the table they walk and read, ≈ containers^1.5 (measured over the flagship sweep:
 * 100 → 300 containers costs 4.4–5.5× the wall time), per-layer idmaps ≈ 2 event-heavy steps per
 * layer and pass, ≈ 1 otherwise (per-layer runs take ≈ 2× common-parent's at 50 layers).
 */
export function burstCost(o: BurstOptions): number {
  const perPass = o.strategy === 'per-layer-idmap' ? 2 * o.layers : o.layers + 4;
  return o.containers ** 1.5 * o.passes * perPass;
}
