// Importing a real machine: `lscpu -p` output gives the topology and its Linux numbering; a
// core-to-core latency CSV (the public `core-to-core-latency` tool's format) gives the latency
// classes. Parsing only: the caller reads and writes files. Errors name the file and the line.

import { InputError } from '../core/index.ts';
import type { Layout } from './Topology.ts';
import { Topology } from './Topology.ts';

export interface LscpuMachine {
  readonly layout: Layout;
  /** True when Linux numbers the cpus the usual way (socket-major cores, then siblings). */
  readonly usualNumbering: boolean;
}

function lineError(file: string, line: number, message: string): never {
  throw new InputError(message, { file, path: `line ${line}` });
}

/**
 * Parses `lscpu -p` (or `lscpu -p=CPU,CORE,SOCKET,CACHE`): a `# CPU,Core,Socket,...` header and one
 * line per online cpu. The L3 domain comes from the `L3` column (or the last part of `Cache`);
 * without it, a socket is one L3 domain.
 */
export function parseLscpu(text: string, file: string): LscpuMachine {
  const lines = text.split(/\r?\n/);
  let columns: string[] | null = null;
  const rows: { cpu: number; core: number; socket: number; l3: number; line: number }[] = [];
  for (const [index, raw] of lines.entries()) {
    const n = index + 1;
    const text = raw.trim();
    if (text === '') continue;
    if (text.startsWith('#')) {
      const body = text.slice(1).trim();
      if (/^cpu\s*,/i.test(body)) columns = body.split(',').map((c) => c.trim().toLowerCase());
      continue;
    }
    if (columns === null) {
      lineError(file, n, 'data before the "# CPU,Core,Socket,…" header line; give the output of `lscpu -p`');
    }
    const cells = text.split(',').map((c) => c.trim());
    if (cells.length !== columns.length)
      lineError(file, n, `expected ${columns.length} columns (${columns.join(',')}), got ${cells.length}`);
    const get = (name: string): string | undefined => {
      const i = columns?.indexOf(name) ?? -1;
      return i < 0 ? undefined : cells[i];
    };
    const integer = (name: string, value: string | undefined): number => {
      if (value === undefined || !/^\d+$/.test(value))
        lineError(file, n, `column ${name}: expected a non-negative integer, got ${JSON.stringify(value ?? '')}`);
      return Number(value);
    };
    for (const needed of ['cpu', 'core', 'socket']) {
      if (!columns.includes(needed))
        lineError(file, n, `the header has no ${needed.toUpperCase()} column; run \`lscpu -p\` or include it in -p=`);
    }
    let l3Text = get('l3');
    const cache = get('cache');
    if (l3Text === undefined && cache !== undefined) l3Text = cache.split(':').at(-1);
    rows.push({
      cpu: integer('CPU', get('cpu')),
      core: integer('Core', get('core')),
      socket: integer('Socket', get('socket')),
      l3: l3Text === undefined || l3Text === '' ? -1 : integer('L3', l3Text),
      line: n,
    });
  }
  if (rows.length === 0) throw new InputError('no cpu lines; give the output of `lscpu -p`', { file });

  // cpu ids must be 0..N−1, each once.
  const byCpu = new Map<number, (typeof rows)[number]>();
  for (const row of rows) {
    const earlier = byCpu.get(row.cpu);
    if (earlier !== undefined)
      lineError(file, row.line, `cpu ${row.cpu} is listed again (first on line ${earlier.line})`);
    byCpu.set(row.cpu, row);
  }
  for (let cpu = 0; cpu < rows.length; cpu++) {
    if (!byCpu.has(cpu)) {
      const last = rows.at(-1) as (typeof rows)[number];
      lineError(
        file,
        last.line,
        `cpu ids must run 0–${rows.length - 1} with none missing; cpu ${cpu} is missing (offline cpus? give \`lscpu -p\` of a machine with all cpus online)`,
      );
    }
  }

  // Sockets, cores and their threads.
  const sockets = [...new Set(rows.map((r) => r.socket))].sort((a, b) => a - b);
  const coresOf = new Map<number, Map<number, (typeof rows)[number][]>>(); // socket → core → threads
  for (const row of [...rows].sort((a, b) => a.cpu - b.cpu)) {
    const cores = coresOf.get(row.socket) ?? new Map<number, (typeof rows)[number][]>();
    coresOf.set(row.socket, cores);
    const threads = cores.get(row.core) ?? [];
    cores.set(row.core, threads);
    threads.push(row);
  }
  const coreCounts = sockets.map((s) => coresOf.get(s)?.size ?? 0);
  const coresPerSocket = coreCounts[0] as number;
  for (const [i, s] of sockets.entries()) {
    if (coreCounts[i] !== coresPerSocket) {
      const first = [...(coresOf.get(s)?.values() ?? [])][0]?.[0];
      lineError(
        file,
        first?.line ?? 1,
        `socket ${s} has ${coreCounts[i]} cores, socket ${sockets[0]} has ${coresPerSocket}; lockcliff needs identical sockets`,
      );
    }
  }
  let threadsPerCore = 0;
  for (const cores of coresOf.values()) {
    for (const threads of cores.values()) {
      if (threadsPerCore === 0) threadsPerCore = threads.length;
      if (threads.length !== threadsPerCore || threads.length > 2) {
        const at = threads[0] as (typeof rows)[number];
        lineError(
          file,
          at.line,
          `core ${at.core} of socket ${at.socket} has ${threads.length} threads, others ${threadsPerCore}; expected 1 or 2 everywhere`,
        );
      }
      const l3 = (threads[0] as (typeof rows)[number]).l3;
      for (const t of threads) {
        if (t.l3 !== l3)
          lineError(file, t.line, `cpu ${t.cpu} has L3 ${t.l3} but its sibling cpu ${threads[0]?.cpu} has L3 ${l3}`);
      }
    }
  }

  // L3 domains: per socket, group cores by L3 id; groups must be equal in size.
  const numbering: [number, number, number][] = new Array(rows.length);
  let l3PerSocket = 0;
  for (const [socketIndex, s] of sockets.entries()) {
    const cores = [...(coresOf.get(s)?.entries() ?? [])];
    const l3Ids = [...new Set(cores.map(([, threads]) => (threads[0] as (typeof rows)[number]).l3))].sort(
      (a, b) => a - b,
    );
    if (l3PerSocket === 0) l3PerSocket = l3Ids.length;
    if (l3Ids.length !== l3PerSocket) {
      const at = (cores[0] as [number, (typeof rows)[number][]])[1][0]?.line ?? 1;
      lineError(file, at, `socket ${s} has ${l3Ids.length} L3 domains, the first socket ${l3PerSocket}`);
    }
    // Order cores by (L3, lowest cpu id) so that each L3 domain's cores are contiguous.
    cores.sort(([, a], [, b]) => {
      const ra = a[0] as (typeof rows)[number];
      const rb = b[0] as (typeof rows)[number];
      return ra.l3 - rb.l3 || ra.cpu - rb.cpu;
    });
    const perL3 = coresPerSocket / l3PerSocket;
    for (const [coreIndex, [, threads]] of cores.entries()) {
      const l3Index = l3Ids.indexOf((threads[0] as (typeof rows)[number]).l3);
      if (Math.floor(coreIndex / perL3) !== l3Index) {
        const at = threads[0] as (typeof rows)[number];
        lineError(file, at.line, `the L3 domains of socket ${s} do not all have ${perL3} cores`);
      }
      for (const [thread, row] of threads.entries()) numbering[row.cpu] = [socketIndex, coreIndex, thread];
    }
  }
  if (!Number.isInteger(coresPerSocket / l3PerSocket)) {
    throw new InputError(`${l3PerSocket} L3 domains do not divide ${coresPerSocket} cores per socket`, { file });
  }
  const base: Layout = { sockets: sockets.length, coresPerSocket, l3DomainsPerSocket: l3PerSocket, threadsPerCore };
  const usual = new Topology(base);
  let usualNumbering = true;
  for (let cpu = 0; cpu < rows.length && usualNumbering; cpu++) {
    const [s, c, t] = numbering[cpu] as [number, number, number];
    usualNumbering =
      usual.socketOf(cpu) === s && usual.coreOf(cpu) === s * coresPerSocket + c && usual.threadOf(cpu) === t;
  }
  return { layout: usualNumbering ? base : { ...base, numbering }, usualNumbering };
}

/** A measured one-way latency matrix (ns); NaN where a pair was not measured. */
export interface MeasuredMatrix {
  readonly size: number;
  readonly ns: Float64Array;
}

/**
 * Parses a core-to-core latency CSV: row i holds the latency from cpu i to cpus 0…, empty cells for
 * pairs not measured (the tool writes the lower triangle). The tool's values are one-way (its CAS
 * round trip divided by 2); pass `roundTrip` for a file of round trips, which are halved.
 */
export function parseC2cCsv(text: string, file: string, options: { roundTrip?: boolean } = {}): MeasuredMatrix {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && (lines.at(-1) as string).trim() === '') lines.pop();
  const size = lines.length;
  if (size < 2) throw new InputError('expected a matrix of at least 2 rows', { file });
  const ns = new Float64Array(size * size).fill(Number.NaN);
  for (const [i, raw] of lines.entries()) {
    const cells = raw.split(',');
    if (cells.length > size) lineError(file, i + 1, `row has ${cells.length} cells but the matrix has ${size} rows`);
    for (const [j, cellRaw] of cells.entries()) {
      const cell = cellRaw.trim();
      if (cell === '') continue;
      const value = Number(cell);
      if (!Number.isFinite(value) || value <= 0)
        lineError(
          file,
          i + 1,
          `column ${j + 1}: expected a positive number of nanoseconds, got ${JSON.stringify(cell)}`,
        );
      if (i === j) continue; // a cpu to itself carries no information
      const v = options.roundTrip === true ? value / 2 : value;
      ns[i * size + j] = v;
    }
  }
  // Symmetrise: fill a missing (i, j) from (j, i); where both exist, average them.
  let pairs = 0;
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const a = ns[i * size + j] as number;
      const b = ns[j * size + i] as number;
      const v = Number.isNaN(a) ? b : Number.isNaN(b) ? a : (a + b) / 2;
      ns[i * size + j] = v;
      ns[j * size + i] = v;
      if (!Number.isNaN(v)) pairs++;
    }
  }
  if (pairs === 0) throw new InputError('the matrix has no measured pair', { file });
  return { size, ns };
}

export interface ClassSummary {
  readonly count: number;
  readonly median: number;
  readonly p5: number;
  readonly p95: number;
}

/** Per distance class (and per socket hop for cross-socket pairs), the measured pairs' statistics. */
export function summariseMatrix(
  topology: Topology,
  matrix: MeasuredMatrix,
): { smt?: ClassSummary; sameL3?: ClassSummary; crossL3?: ClassSummary; crossSocketByHop: ClassSummary[] } {
  if (matrix.size > topology.cpus) {
    throw new InputError(
      `the latency matrix has ${matrix.size} rows but the machine has ${topology.cpus} cpus; the rows must be Linux cpu ids`,
      {},
    );
  }
  const groups = new Map<string, number[]>();
  const sockets = topology.layout.sockets;
  for (let a = 0; a < matrix.size; a++) {
    for (let b = a + 1; b < matrix.size; b++) {
      const v = matrix.ns[a * matrix.size + b] as number;
      if (Number.isNaN(v)) continue;
      let key: string = topology.classify(a, b);
      if (key === 'crossSocket') {
        const d = Math.abs(topology.socketOf(a) - topology.socketOf(b));
        key = `hop${Math.min(d, sockets - d)}`;
      }
      const list = groups.get(key) ?? [];
      groups.set(key, list);
      list.push(v);
    }
  }
  const summary = (key: string): ClassSummary | undefined => {
    const list = groups.get(key);
    if (list === undefined) return undefined;
    list.sort((x, y) => x - y);
    return { count: list.length, median: quantile(list, 0.5), p5: quantile(list, 0.05), p95: quantile(list, 0.95) };
  };
  const hops: ClassSummary[] = [];
  for (let h = 1; h <= Math.floor(sockets / 2); h++) {
    const s = summary(`hop${h}`);
    if (s !== undefined) hops.push(s);
  }
  const out: { smt?: ClassSummary; sameL3?: ClassSummary; crossL3?: ClassSummary; crossSocketByHop: ClassSummary[] } = {
    crossSocketByHop: hops,
  };
  const smt = summary('smt');
  const sameL3 = summary('sameL3');
  const crossL3 = summary('crossL3');
  if (smt !== undefined) out.smt = smt;
  if (sameL3 !== undefined) out.sameL3 = sameL3;
  if (crossL3 !== undefined) out.crossL3 = crossL3;
  return out;
}

/** Quantile of sorted values, linear interpolation between order statistics. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}
