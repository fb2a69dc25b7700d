// The memory hierarchy as a pointer-chasing walk sees it (mount propagation trees, umount_tree,
// copy_mnt_ns): each node costs a dependent load at the level where its lines live. While the walk's
// footprint fits in the walking CPU's L2, nodes are L2 hits; while it fits in the L2 and its share of
// its L3 domain, L3 hits; beyond, each node is a DRAM access — local or remote by where the CPUs that
// allocated the nodes sit (spread over the machine's sockets as the CPUs that run the workload are).
//
// The knee: a cyclic walk under LRU-like replacement keeps hitting until its footprint exceeds the
// cache and then loses its hits quickly. The loss is modelled as linear between C and 2C: the probe in
// docs/kernel.md places the knee between ≈ 12,000 and 24,000 nodes, within a factor of 2, and does not
// resolve its shape further.
//
// The preset's `memory:` section gives the sizes and the remote latency (descriptors below); the L3
// hit and local DRAM latencies are the cache-line model's (`lines.l3HitNs`, `lines.memoryNs`).

import { nsToPs, type Ps, type SourcedParamSpec } from '../core/index.ts';
import type { Topology } from './Topology.ts';

/** The memory fields of a preset (`memory:`), as descriptors of the shared shape. */
export const MEMORY_PARAMS = [
  {
    name: 'l2KB',
    default: '1024',
    unit: 'count',
    kind: 'estimate',
    range: ['256', '2048'],
    source: 'default: 1–2 MB of L2 per core on the modelled server cores (docs/hardware.md)',
    doc: 'L2 cache per core, KB',
  },
  {
    name: 'l2HitNs',
    default: '4.5',
    unit: 'factor',
    kind: 'estimate',
    range: ['3', '6'],
    source: 'default: an L2 hit takes ≈ 14–16 cycles on the modelled cores (≈ 4–6 ns at their clocks; estimate)',
    doc: 'a load that hits in the core’s L2, ns',
  },
  {
    name: 'l3MB',
    default: '32',
    unit: 'factor',
    kind: 'estimate',
    range: ['2', '128'],
    source: 'default: 32 MB per L3 domain (a Zen 4 CCD; docs/hardware.md)',
    doc: 'L3 cache per L3 domain (per socket on a mesh, per CCD on a chiplet), MB',
  },
  {
    name: 'remoteDramNs',
    default: '150',
    unit: 'factor',
    kind: 'estimate',
    range: ['120', '250'],
    source: 'default: remote DRAM ≈ 1.8× local on 2-socket servers (r5.metal 147.5 vs 80 ns, docs/hardware.md)',
    doc: 'a DRAM access on another socket, ns (multi-socket machines)',
  },
] as const satisfies readonly SourcedParamSpec[];

/** What a simulation needs of the memory hierarchy (sizes in bytes, latencies in ps). */
export interface MemoryParams {
  readonly l2Bytes: number;
  readonly l2HitPs: Ps;
  readonly l3BytesPerDomain: number;
  readonly l3HitPs: Ps;
  readonly localDramPs: Ps;
  readonly remoteDramPs: Ps;
}

/** Past twice the cache, a cyclic walk is taken to miss every node (see the header). */
const KNEE_WIDTH = 2;

export class MemoryHierarchy {
  readonly params: MemoryParams;
  /** Expected DRAM latency of a node allocated by a random workload CPU, read by another. */
  readonly dramPs: Ps;

  constructor(params: MemoryParams, topology: Topology) {
    this.params = params;
    // Walkers and allocators spread over the online CPUs: a node is local with probability Σ share².
    const online = topology.onlineCpus();
    const perSocket = new Map<number, number>();
    for (const cpu of online) perSocket.set(topology.socketOf(cpu), (perSocket.get(topology.socketOf(cpu)) ?? 0) + 1);
    let local = 0;
    for (const n of perSocket.values()) local += (n / online.length) ** 2;
    this.dramPs = Math.round(local * params.localDramPs + (1 - local) * params.remoteDramPs);
  }

  /** The cache a walk can keep its nodes in: the L2 and `l3Share` of the L3 domain. */
  cacheBytes(l3Share: number): number {
    return this.params.l2Bytes + this.params.l3BytesPerDomain * l3Share;
  }

  /** The share of a walk's nodes found in the L2 or the L3, for a footprint of `bytes`. */
  hitFraction(bytes: number, l3Share: number): number {
    return knee(bytes, this.cacheBytes(l3Share));
  }

  /** Expected latency of one dependent load of a walk whose footprint is `bytes`. */
  walkLoadPs(bytes: number, l3Share: number): Ps {
    const inL2 = knee(bytes, this.params.l2Bytes);
    const inCache = Math.max(inL2, this.hitFraction(bytes, l3Share));
    return inL2 * this.params.l2HitPs + (inCache - inL2) * this.params.l3HitPs + (1 - inCache) * this.dramPs;
  }
}

/** The share of a cyclic walk of `bytes` that hits in a cache of `capacity` bytes. */
function knee(bytes: number, capacity: number): number {
  if (bytes <= capacity) return 1;
  return Math.max(0, (KNEE_WIDTH * capacity - bytes) / ((KNEE_WIDTH - 1) * capacity));
}

/** Memory parameters from a preset's figures (ns, KB, MB). */
export function memoryParams(f: {
  readonly l2KB: number;
  readonly l2HitNs: number;
  readonly l3MB: number;
  readonly l3HitNs: number;
  readonly localDramNs: number;
  readonly remoteDramNs: number;
}): MemoryParams {
  return {
    l2Bytes: f.l2KB * 1024,
    l2HitPs: nsToPs(f.l2HitNs),
    l3BytesPerDomain: f.l3MB * 1024 * 1024,
    l3HitPs: nsToPs(f.l3HitNs),
    localDramPs: nsToPs(f.localDramNs),
    remoteDramPs: nsToPs(f.remoteDramNs),
  };
}
