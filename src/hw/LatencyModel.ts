// One-way line-transfer latency between any two hardware threads, from distance classes:
//  - SMT siblings share L1/L2;
//  - same L3 domain: on an Intel mesh it rises smoothly with distance on the die. Cores sit on a grid;
//    a pair's Manhattan distance d ≥ 1 is normalised to x = (d − 1)/(dmax − 1) and mapped piecewise
//    linearly through (0, near), (x of the median pair, median), (1, far), so the class's near, median
//    and far are the measured ones. Without a median, the map is linear from near to far. Elsewhere
//    near = far;
//  - another L3 domain of the socket (AMD CCDs): by IO-die quadrant distance 0, 1 or 2;
//  - another socket: by socket hops (sockets on a ring), 1 hop, 2 hops, ….
// Values are nanoseconds in presets, integer picoseconds here.

import { nsToPs, type Ps, PS_PER_NS } from '../core/index.ts';
import type { DistanceClass, Topology } from './Topology.ts';

export interface LatencyParams {
  readonly smtNs: number;
  readonly sameL3NearNs: number;
  readonly sameL3FarNs: number;
  /** Median same-L3 latency over core pairs (mesh); the distance map passes through it. */
  readonly sameL3MedianNs?: number;
  /** Mesh grid width in cores; absent for a domain with uniform latency. */
  readonly meshColumns?: number;
  /** Cross-L3 latency by IO-die quadrant distance 0, 1, 2 (fewer entries: the last repeats). */
  readonly crossL3Ns?: readonly number[];
  /** L3 domains per IO-die quadrant (AMD Genoa: 3 CCDs). */
  readonly l3PerQuadrant?: number;
  /** Cross-socket latency by hops 1, 2, … (fewer entries: the last repeats). */
  readonly crossSocketNs?: readonly number[];
  /** A measured matrix (ns, NaN where not measured) that overrides the classes pair by pair. */
  readonly measured?: { readonly size: number; readonly ns: Float64Array };
}

/** Distance classes nearest first; `classIndex` returns positions in this list. */
/** Source CPUs sampled by `meanTransferPs` (enough for a stable mean; bounded cost on 384 CPUs). */
const MEAN_TRANSFER_SOURCES = 32;

export const DISTANCE_CLASS_ORDER: readonly DistanceClass[] = ['self', 'smt', 'sameL3', 'crossL3', 'crossSocket'];
const CLASS_INDEX: Record<DistanceClass, number> = { self: 0, smt: 1, sameL3: 2, crossL3: 3, crossSocket: 4 };

export class LatencyModel {
  readonly topology: Topology;
  readonly params: LatencyParams;
  private readonly matrix: Float64Array;
  /** Distance class of each pair: 0 self, 1 smt, 2 sameL3, 3 crossL3, 4 crossSocket. */
  private readonly classes: Uint8Array;
  /** Normalised mesh distance of the median core pair, for the median-preserving map. */
  private readonly medianMeshX: number;

  constructor(topology: Topology, params: LatencyParams) {
    this.topology = topology;
    this.params = params;
    this.medianMeshX = this.findMedianMeshX();
    const n = topology.cpus;
    this.matrix = new Float64Array(n * n);
    this.classes = new Uint8Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        this.matrix[a * n + b] = a === b ? 0 : nsToPs(this.measuredNs(a, b) ?? this.latencyNs(a, b));
        this.classes[a * n + b] = CLASS_INDEX[topology.classify(a, b)];
      }
    }
  }

  /** One-way transfer latency of a contended line from cpu `from` to cpu `to`, in ps. */
  transferPs(from: number, to: number): Ps {
    const n = this.topology.cpus;
    if (from < 0 || to < 0 || from >= n || to >= n)
      throw new RangeError(`cpu pair (${from}, ${to}) out of range 0–${n - 1}`);
    return this.matrix[from * n + to] as number;
  }

  /** Distance class of a pair as an index into `DISTANCE_CLASS_ORDER` (0 self … 4 crossSocket). */
  /**
   * Mean one-way transfer latency between two online hardware threads: the expected cost of touching
   * a line last written by some other CPU. Sampled from at most MEAN_TRANSFER_SOURCES source CPUs
   * (evenly spaced) to every other online CPU; 0 on a one-CPU machine.
   */
  meanTransferPs(): Ps {
    const online = this.topology.onlineCpus();
    const stride = Math.max(1, Math.floor(online.length / MEAN_TRANSFER_SOURCES));
    let sum = 0;
    let pairs = 0;
    for (let i = 0; i < online.length; i += stride) {
      for (let j = 0; j < online.length; j++) {
        if (online[i] === online[j]) continue;
        sum += this.transferPs(online[i] as number, online[j] as number);
        pairs++;
      }
    }
    return pairs === 0 ? 0 : Math.round(sum / pairs);
  }

  classIndex(from: number, to: number): number {
    return this.classes[from * this.topology.cpus + to] as number;
  }

  /** Median latency (ns) over all online pairs of each class present on this machine. */
  classMediansNs(): Partial<Record<Exclude<DistanceClass, 'self'>, number>> {
    const byClass = new Map<DistanceClass, number[]>();
    const online = this.topology.onlineCpus();
    for (const a of online) {
      for (const b of online) {
        if (a >= b) continue;
        const cls = this.topology.classify(a, b);
        const list = byClass.get(cls) ?? [];
        if (list.length === 0) byClass.set(cls, list);
        list.push(this.transferPs(a, b) / PS_PER_NS);
      }
    }
    const out: Partial<Record<Exclude<DistanceClass, 'self'>, number>> = {};
    for (const cls of ['smt', 'sameL3', 'crossL3', 'crossSocket'] as const) {
      const list = byClass.get(cls);
      if (list !== undefined) out[cls] = median(list);
    }
    return out;
  }

  private measuredNs(a: number, b: number): number | undefined {
    const m = this.params.measured;
    if (m === undefined || a >= m.size || b >= m.size) return undefined;
    const v = m.ns[a * m.size + b] as number;
    return Number.isNaN(v) ? undefined : v;
  }

  private latencyNs(a: number, b: number): number {
    const t = this.topology;
    const p = this.params;
    switch (t.classify(a, b)) {
      case 'self':
        return 0;
      case 'smt':
        return p.smtNs;
      case 'sameL3':
        return this.meshNs(a, b);
      case 'crossL3': {
        const perSocket = t.layout.l3DomainsPerSocket;
        const perQuadrant = p.l3PerQuadrant ?? perSocket;
        const qa = Math.floor((t.l3Of(a) % perSocket) / perQuadrant);
        const qb = Math.floor((t.l3Of(b) % perSocket) / perQuadrant);
        // Quadrants sit 2 × 2 on the IO die.
        const distance = Math.abs((qa % 2) - (qb % 2)) + Math.abs(Math.floor(qa / 2) - Math.floor(qb / 2));
        return pick(p.crossL3Ns, distance, p.sameL3FarNs);
      }
      case 'crossSocket': {
        const n = t.layout.sockets;
        const d = Math.abs(t.socketOf(a) - t.socketOf(b));
        return pick(p.crossSocketNs, Math.min(d, n - d) - 1, p.sameL3FarNs);
      }
    }
  }

  private meshNs(a: number, b: number): number {
    const p = this.params;
    if (p.meshColumns === undefined || p.sameL3FarNs === p.sameL3NearNs) return p.sameL3NearNs;
    const t = this.topology;
    const coresPerL3 = t.layout.coresPerSocket / t.layout.l3DomainsPerSocket;
    const x = this.meshX(t.coreOf(a) % coresPerL3, t.coreOf(b) % coresPerL3, coresPerL3);
    const near = p.sameL3NearNs;
    const far = p.sameL3FarNs;
    const median = p.sameL3MedianNs;
    const xm = this.medianMeshX;
    if (median === undefined || xm <= 0 || xm >= 1) return near + (far - near) * x;
    return x <= xm ? near + ((median - near) * x) / xm : median + ((far - median) * (x - xm)) / (1 - xm);
  }

  /** Normalised grid distance in [0, 1] of two cores (indices within their L3 domain). */
  private meshX(ia: number, ib: number, coresPerL3: number): number {
    const columns = this.params.meshColumns ?? 1;
    const rows = Math.ceil(coresPerL3 / columns);
    const maxDistance = columns - 1 + rows - 1;
    if (maxDistance <= 1) return 0;
    const d = Math.abs((ia % columns) - (ib % columns)) + Math.abs(Math.floor(ia / columns) - Math.floor(ib / columns));
    return (d - 1) / (maxDistance - 1);
  }

  private findMedianMeshX(): number {
    if (this.params.meshColumns === undefined) return 0;
    const t = this.topology;
    const coresPerL3 = t.layout.coresPerSocket / t.layout.l3DomainsPerSocket;
    // Over sibling-0 pairs of distinct cores in one domain, the same set the class median is taken on.
    const xs: number[] = [];
    for (let i = 0; i < coresPerL3; i++) for (let j = i + 1; j < coresPerL3; j++) xs.push(this.meshX(i, j, coresPerL3));
    return xs.length === 0 ? 0 : median(xs);
  }
}

function pick(values: readonly number[] | undefined, index: number, fallback: number): number {
  if (values === undefined || values.length === 0) return fallback;
  return values[Math.min(index, values.length - 1)] as number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
