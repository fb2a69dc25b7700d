// A machine as Linux sees it: sockets → L3 domains (an Intel mesh die, an AMD CCX) → cores → SMT
// threads, with Linux CPU numbering: cpu = thread · (all cores) + socket · (cores per socket) + core,
// so on r5.metal cpu i and i+48 are siblings, 0–23 are socket 0 and 24–47 socket 1. Switching SMT off
// takes the siblings offline, as the `nosmt` boot option does.

import { InputError } from '../core/index.ts';

/** The shape of a machine, as a preset declares it. */
export interface Layout {
  readonly sockets: number;
  readonly coresPerSocket: number;
  /** L3 domains per socket: 1 for an Intel mesh die, the CCX count on AMD. Divides coresPerSocket. */
  readonly l3DomainsPerSocket: number;
  /** Hardware threads per core: 1 or 2. */
  readonly threadsPerCore: number;
  /**
   * Linux numbering when it is not the usual one (an imported machine): entry i is
   * [socket, core within the socket, thread within the core] of cpu i. Cores of one L3 domain are
   * numbered contiguously within the socket.
   */
  readonly numbering?: readonly (readonly [number, number, number])[];
}

/** How two hardware threads relate, nearest first. */
export type DistanceClass = 'self' | 'smt' | 'sameL3' | 'crossL3' | 'crossSocket';

export class Topology {
  readonly layout: Layout;
  /** Whether SMT siblings are online. */
  readonly smt: boolean;
  /** Every hardware thread, online or not: cpu ids 0 … cpus−1. */
  readonly cpus: number;
  private readonly socketOfCpu: Int32Array;
  private readonly l3OfCpu: Int32Array;
  private readonly coreOfCpu: Int32Array;
  private readonly threadOfCpu: Int32Array;

  constructor(layout: Layout, smt = true) {
    validateLayout(layout);
    this.layout = layout;
    this.smt = smt && layout.threadsPerCore > 1;
    const cores = layout.sockets * layout.coresPerSocket;
    this.cpus = cores * layout.threadsPerCore;
    this.socketOfCpu = new Int32Array(this.cpus);
    this.l3OfCpu = new Int32Array(this.cpus);
    this.coreOfCpu = new Int32Array(this.cpus);
    this.threadOfCpu = new Int32Array(this.cpus);
    this.cpuOfCoreThread = new Int32Array(this.cpus);
    const coresPerL3 = layout.coresPerSocket / layout.l3DomainsPerSocket;
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      let socket: number;
      let coreInSocket: number;
      let thread: number;
      const entry = layout.numbering?.[cpu];
      if (entry !== undefined) {
        [socket, coreInSocket, thread] = entry;
      } else {
        const core = cpu % cores; // global core id
        socket = Math.floor(core / layout.coresPerSocket);
        coreInSocket = core % layout.coresPerSocket;
        thread = Math.floor(cpu / cores);
      }
      const core = socket * layout.coresPerSocket + coreInSocket;
      this.socketOfCpu[cpu] = socket;
      this.coreOfCpu[cpu] = core;
      this.threadOfCpu[cpu] = thread;
      this.l3OfCpu[cpu] = socket * layout.l3DomainsPerSocket + Math.floor(coreInSocket / coresPerL3);
      this.cpuOfCoreThread[thread * cores + core] = cpu;
    }
  }

  /** cpu id of (thread, global core): index thread · cores + core. */
  private readonly cpuOfCoreThread: Int32Array;

  /** The same machine with SMT on or off. */
  withSmt(smt: boolean): Topology {
    return new Topology(this.layout, smt);
  }

  get cores(): number {
    return this.layout.sockets * this.layout.coresPerSocket;
  }

  get l3Domains(): number {
    return this.layout.sockets * this.layout.l3DomainsPerSocket;
  }

  /** Threads per core in use (1 with SMT off). */
  get threadsPerCoreOnline(): number {
    return this.smt ? this.layout.threadsPerCore : 1;
  }

  /** Online hardware threads, ascending. */
  onlineCpus(): number[] {
    const out: number[] = [];
    for (let cpu = 0; cpu < this.cpus; cpu++) if (this.isOnline(cpu)) out.push(cpu);
    return out;
  }

  isOnline(cpu: number): boolean {
    return cpu >= 0 && cpu < this.cpus && (this.smt || this.threadOf(cpu) === 0);
  }

  socketOf(cpu: number): number {
    return this.socketOfCpu[this.check(cpu)] as number;
  }

  /** Global L3-domain id (socket-major). */
  l3Of(cpu: number): number {
    return this.l3OfCpu[this.check(cpu)] as number;
  }

  /** Global core id; siblings share it. */
  coreOf(cpu: number): number {
    return this.coreOfCpu[this.check(cpu)] as number;
  }

  /** Index of the thread within its core (0 is the first sibling). */
  threadOf(cpu: number): number {
    return this.threadOfCpu[this.check(cpu)] as number;
  }

  /** The cpu ids of the threads of a global core. */
  siblingsOfCore(core: number): number[] {
    const out: number[] = [];
    for (let t = 0; t < this.layout.threadsPerCore; t++)
      out.push(this.cpuOfCoreThread[t * this.cores + core] as number);
    return out;
  }

  classify(a: number, b: number): DistanceClass {
    if (a === b) return 'self';
    if (this.coreOf(a) === this.coreOf(b)) return 'smt';
    if (this.l3Of(a) === this.l3Of(b)) return 'sameL3';
    if (this.socketOf(a) === this.socketOf(b)) return 'crossL3';
    return 'crossSocket';
  }

  private check(cpu: number): number {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cpus) {
      throw new RangeError(`cpu ${cpu} does not exist (this machine has cpus 0–${this.cpus - 1})`);
    }
    return cpu;
  }
}

function validateLayout(layout: Layout): void {
  const positive = (value: number, field: string): void => {
    if (!Number.isInteger(value) || value < 1) {
      throw new InputError(`expected a positive integer, got ${JSON.stringify(value)}`, { path: `layout.${field}` });
    }
  };
  positive(layout.sockets, 'sockets');
  positive(layout.coresPerSocket, 'coresPerSocket');
  positive(layout.l3DomainsPerSocket, 'l3DomainsPerSocket');
  positive(layout.threadsPerCore, 'threadsPerCore');
  if (layout.threadsPerCore > 2) {
    throw new InputError(`expected 1 or 2, got ${layout.threadsPerCore}`, { path: 'layout.threadsPerCore' });
  }
  if (layout.numbering !== undefined) validateNumbering(layout);
  if (layout.coresPerSocket % layout.l3DomainsPerSocket !== 0) {
    throw new InputError(
      `${layout.l3DomainsPerSocket} L3 domains do not divide ${layout.coresPerSocket} cores per socket evenly`,
      { path: 'layout.l3DomainsPerSocket' },
    );
  }
}

function validateNumbering(layout: Layout): void {
  const numbering = layout.numbering ?? [];
  const cpus = layout.sockets * layout.coresPerSocket * layout.threadsPerCore;
  if (numbering.length !== cpus) {
    throw new InputError(`lists ${numbering.length} cpus; the layout has ${cpus}`, { path: 'layout.numbering' });
  }
  const seen = new Set<number>();
  for (const [cpu, entry] of numbering.entries()) {
    const [socket, core, thread] = entry;
    const ok =
      Number.isInteger(socket) &&
      Number.isInteger(core) &&
      Number.isInteger(thread) &&
      socket >= 0 &&
      socket < layout.sockets &&
      core >= 0 &&
      core < layout.coresPerSocket &&
      thread >= 0 &&
      thread < layout.threadsPerCore;
    if (!ok) {
      throw new InputError(
        `expected [socket 0–${layout.sockets - 1}, core 0–${layout.coresPerSocket - 1}, thread 0–${layout.threadsPerCore - 1}], got ${JSON.stringify(entry)}`,
        { path: `layout.numbering[${cpu}]` },
      );
    }
    const key = (socket * layout.coresPerSocket + core) * layout.threadsPerCore + thread;
    if (seen.has(key))
      throw new InputError(`${JSON.stringify(entry)} is listed twice`, { path: `layout.numbering[${cpu}]` });
    seen.add(key);
  }
}
