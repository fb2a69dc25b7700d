// lockbench: the simulator's counterpart of a contended-global-lock microbenchmark. N threads, one
// per hardware thread, each looping: think, acquire, critical section, release. Reports throughput,
// acquire latency, handoffs by distance class, the share of CPU time spent spinning and Jain
// fairness over the threads' acquisition counts.
//
// A critical section runs slower while the holder's SMT sibling spins (the preset's
// siblingSpinSlowdown). Threads never outnumber online hardware threads here: time-slicing needs the
// scheduler (src/sched).

import { InputError, type Ps, PS_PER_NS, PS_PER_S } from '../core/index.ts';
import { DISTANCE_CLASS_ORDER, type MachineSpec, place, type PlacementPolicy, type Topology } from '../hw/index.ts';
import { Histogram, jainFairness } from '../metrics/index.ts';
import { buildMachine, type Machine } from '../sched/index.ts';
import {
  createExclusiveLock,
  type ExclusiveLock,
  type ResolvedParams,
  SeqLock,
  type SyncThread,
} from '../sync/index.ts';

/** A path lookup's read section unless the caller says (reference/kernel.md: stat of 5 components, 1.2 µs median). */
const DEFAULT_READER_WORK_PS: Ps = 1_200_000;

export interface LockbenchOptions {
  readonly machine: MachineSpec;
  readonly lock: string;
  readonly lockParams: ResolvedParams;
  readonly threads: number;
  readonly smt: boolean;
  readonly placement: PlacementPolicy;
  readonly csPs: Ps;
  readonly thinkPs: Ps;
  /** Think times: exponential with mean `thinkPs`, or fixed. */
  readonly thinkDistribution: 'exponential' | 'fixed';
  readonly durationPs: Ps;
  /** The first `warmupPs` are not measured. */
  readonly warmupPs: Ps;
  readonly seed: string;
  /**
   * Path-lookup readers (seqlock only): lookups per second on each online hardware thread that no
   * writer uses; each is a seqlock read section of `readerWorkPs`.
   */
  readonly readersPerCpuPerSecond?: number;
  readonly readerWorkPs?: Ps;
}

export interface LockbenchRow {
  readonly threads: number;
  readonly acquisitions: number;
  readonly throughputPerSecond: number;
  readonly acquireLatencyNs: { readonly mean: number; readonly p50: number; readonly p99: number };
  readonly handoffs: {
    readonly smt: number;
    readonly sameL3: number;
    readonly crossL3: number;
    readonly crossSocket: number;
  };
  readonly spinFraction: number;
  readonly fairness: number;
  /** Line traffic of the lock's lines over the measured window. */
  readonly lines: {
    readonly transfers: number;
    readonly contested: number;
    readonly homeRequests: number;
    readonly homeWaitNs: number;
    readonly homeBusyNs: number;
  };
  /** Seqlock: mean write window (odd store issued → even store completed), and reader figures. */
  readonly writeWindowNs?: number;
  readonly readers?: { readonly cpus: number; readonly reads: number; readonly retries: number };
  /** Events the engine processed (for the benchmark). */
  readonly events: number;
}

interface BenchThread extends SyncThread {
  requestedAt: number;
  waiting: boolean;
  acquisitions: number;
  sibling: number;
}

/** Line traffic of a lock's lines, summed (ps for the home's figures). */
interface LineTotals {
  transfers: number;
  contested: number;
  homeRequests: number;
  homeWaitPs: number;
  homeBusyPs: number;
}

function lineTotals(lock: ExclusiveLock): LineTotals {
  const out = { transfers: 0, contested: 0, homeRequests: 0, homeWaitPs: 0, homeBusyPs: 0 };
  for (const line of lock.lines()) {
    const c = line.counters;
    out.transfers += c.transfers.smt + c.transfers.sameL3 + c.transfers.crossL3 + c.transfers.crossSocket;
    out.contested += c.contested;
    out.homeRequests += c.homeRequests;
    out.homeWaitPs += c.homeWaitPs;
    out.homeBusyPs += c.homeBusyPs;
  }
  return out;
}

/** The benchmark's threads on their hardware threads, each knowing its SMT sibling's thread (or −1). */
function placeThreads(topology: Topology, o: LockbenchOptions): BenchThread[] {
  const online = topology.onlineCpus().length;
  if (!(Number.isInteger(o.threads) && o.threads >= 1))
    throw new InputError(`threads must be ≥ 1, got ${o.threads}`, { path: 'threads' });
  if (o.threads > online) {
    throw new InputError(
      `${o.threads} threads but ${online} online hardware threads${o.smt ? '' : ' (SMT off)'}; lockbench runs one thread per hardware thread`,
      { path: 'threads' },
    );
  }
  const cpus = place(topology, o.placement, o.threads);
  if (new Set(cpus).size !== cpus.length)
    throw new InputError('placement puts two threads on one hardware thread', { path: 'placement' });
  const threadOnCpu = new Int32Array(topology.cpus).fill(-1);
  const threads: BenchThread[] = cpus.map((cpu, id) => {
    threadOnCpu[cpu] = id;
    return { id, cpu, name: `t${id}`, requestedAt: 0, waiting: false, acquisitions: 0, sibling: -1 };
  });
  for (const t of threads) {
    const siblings = topology.siblingsOfCore(topology.coreOf(t.cpu)).filter((c) => c !== t.cpu);
    t.sibling = siblings.length > 0 ? (threadOnCpu[siblings[0] as number] as number) : -1;
  }
  return threads;
}

/**
 * Path-lookup readers on every online hardware thread no benchmark thread uses (seqlock only): each
 * a Poisson stream of read sections. Returns their counts of reads and retries from `start` on.
 */
function startReaders(
  m: Machine,
  seq: SeqLock | null,
  o: LockbenchOptions,
  used: ReadonlySet<number>,
  start: Ps,
): { cpus: number; reads: number; retries: number } {
  const rate = o.readersPerCpuPerSecond ?? 0;
  if (rate > 0 && seq === null) throw new InputError('readers need --lock seqlock', { path: 'readers' });
  const env = m.env;
  const cpus = rate > 0 ? m.topology.onlineCpus().filter((c) => !used.has(c)) : [];
  const stream = m.streams.stream('readers');
  const meanGapPs = rate > 0 ? PS_PER_S / rate : 0;
  const work = o.readerWorkPs ?? DEFAULT_READER_WORK_PS;
  const counts = { cpus: cpus.length, reads: 0, retries: 0 };
  const lookup = (r: SyncThread): void => {
    (seq as SeqLock).read(r, work, lookedUp);
  };
  const lookedUp = (r: SyncThread, n: number): void => {
    if (env.now >= start) {
      counts.reads++;
      counts.retries += n;
    }
    env.callWith(Math.round(stream.exponential(meanGapPs)), lookup, r);
  };
  for (const [i, cpu] of cpus.entries()) {
    const r: SyncThread = { id: o.threads + i, cpu, name: `reader@${cpu}` };
    env.callWith(Math.round(stream.exponential(meanGapPs)), lookup, r);
  }
  return counts;
}

/** ps → ns, to the ps. */
const ns = (ps: number): number => Math.round(ps) / PS_PER_NS;

/** One lockbench run at one thread count. */
export function runLockbench(o: LockbenchOptions): LockbenchRow {
  const m = buildMachine(o.machine, { smt: o.smt, seed: o.seed });
  const { env, latency } = m;
  const threads = placeThreads(m.topology, o);
  const lock: ExclusiveLock = createExclusiveLock(o.lock, m.ctx, o.lock, o.lockParams);
  const think = m.streams.stream('think');
  const slowdown = o.machine.coherence.siblingSpinSlowdown;
  const latencies = new Histogram();
  const handoffs = { smt: 0, sameL3: 0, crossL3: 0, crossSocket: 0 };
  let spinPs = 0;
  let measured = 0;
  let previousCpu = -1;
  const start = o.warmupPs;
  const end = o.durationPs;
  const thinkTime = (): Ps => (o.thinkDistribution === 'fixed' ? o.thinkPs : Math.round(think.exponential(o.thinkPs)));
  const request = (t: BenchThread): void => {
    t.requestedAt = env.now;
    t.waiting = true;
    lock.acquire(t, acquired);
  };
  const acquired = (s: SyncThread): void => {
    const t = s as BenchThread;
    t.waiting = false;
    const now = env.now;
    if (now >= start && now < end) {
      const waited = now - t.requestedAt;
      latencies.record(waited);
      spinPs += Math.min(waited, now - start);
      t.acquisitions++;
      measured++;
      if (previousCpu >= 0 && previousCpu !== t.cpu) {
        const cls = DISTANCE_CLASS_ORDER[latency.classIndex(previousCpu, t.cpu)];
        if (cls !== undefined && cls !== 'self') handoffs[cls]++;
      }
    }
    previousCpu = t.cpu;
    const sibling = t.sibling >= 0 ? (threads[t.sibling] as BenchThread) : null;
    const cs = sibling?.waiting === true ? Math.round(o.csPs * slowdown) : o.csPs;
    env.callWith(cs, csDone, t);
  };
  const csDone = (t: BenchThread): void => {
    const resume = lock.release(t, released);
    if (resume >= 0) env.callWith(resume - env.now + thinkTime(), request, t);
  };
  const released = (s: SyncThread): void => {
    env.callWith(thinkTime(), request, s as BenchThread);
  };
  for (const t of threads) env.callWith(thinkTime(), request, t);
  const seq: SeqLock | null = lock instanceof SeqLock ? (lock as SeqLock) : null;
  const readers = startReaders(m, seq, o, new Set(threads.map((t) => t.cpu)), start);
  env.run(start);
  const windowsAtStart = seq === null ? { n: 0, ps: 0 } : { n: seq.stats.windows, ps: seq.stats.windowPsTotal };
  const linesAtStart = lineTotals(lock);
  env.run(end);
  // Threads still waiting at the end spun until the end.
  for (const t of threads) if (t.waiting) spinPs += end - Math.max(t.requestedAt, start);
  const linesAtEnd = lineTotals(lock);
  const window = end - start;
  return {
    threads: o.threads,
    acquisitions: measured,
    throughputPerSecond: (measured / window) * PS_PER_S,
    acquireLatencyNs: { mean: ns(latencies.mean), p50: ns(latencies.quantile(0.5)), p99: ns(latencies.quantile(0.99)) },
    handoffs,
    spinFraction: lock.descriptor.kind === 'rwsem' ? 0 : spinPs / (window * o.threads),
    fairness: jainFairness(threads.map((t) => t.acquisitions)),
    lines: {
      transfers: linesAtEnd.transfers - linesAtStart.transfers,
      contested: linesAtEnd.contested - linesAtStart.contested,
      homeRequests: linesAtEnd.homeRequests - linesAtStart.homeRequests,
      homeWaitNs: ns(linesAtEnd.homeWaitPs - linesAtStart.homeWaitPs),
      homeBusyNs: ns(linesAtEnd.homeBusyPs - linesAtStart.homeBusyPs),
    },
    ...(seq !== null && {
      writeWindowNs:
        seq.stats.windows === windowsAtStart.n
          ? 0
          : ns((seq.stats.windowPsTotal - windowsAtStart.ps) / (seq.stats.windows - windowsAtStart.n)),
    }),
    ...((o.readersPerCpuPerSecond ?? 0) > 0 && { readers }),
    events: env.eventsProcessed,
  };
}
