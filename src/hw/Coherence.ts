// The cache-line coherence model. Only hot lines are simulated: lock words, sequence counters and
// anything declared to share their line.
//
// A line is valid in a set of cores (SMT siblings share L1/L2, so state is per core): either one
// owner (M/E) or sharers (S). Every miss goes to the line's serialization point and is served there
// one request at a time, in arrival order:
//  - Intel mesh (and any directory machine with one L3 domain per socket): the line's home agent
//    (CHA), chosen by address hash. It admits one request per line at a time; a CHA's TOR holds at
//    most `torEntries` requests over all its lines, which matters only when many hot lines share it.
//  - AMD chiplet: a CCX's L3 serves a core of that CCX once the CCX holds the line, so reads coalesce
//    per CCX; a request that needs another CCX (a first fetch, an RFO while other CCXs hold copies)
//    goes to the IO die, the per-line serialization point between CCDs.
// The service time of a request is the transfer from where the data is (the owner's core, a sharer,
// the L3, memory) to the requester; an RFO also invalidates the other copies, which costs the
// farthest sharer's latency plus `invalidatePerSharer` for each further one. Broadcast machines
// (Opteron) add a probe of every die to each miss.
//
// Operations linearise in the order they reach the serialization point, which is the order they
// are submitted: an operation's effect on the line's value happens at submission, and the caller
// learns when it completes. Requests are submitted at their arrival time (the present, or a later
// instant the caller has computed), so arrival order and queue order agree.
//
// Spinning: a waiter that spins on a line holds a shared copy and costs nothing until a write
// invalidates it. Then, at its next poll (a uniformly random point in its PAUSE), it re-reads; each
// re-read is an event at its arrival and passes through the serialization point like any other
// request, so a write to a line with many spinners is followed by a burst of re-reads that the next
// RFO queues behind. That is where a ticket lock's handoff cost comes from (it is not a constant).
// Only a satisfied spinner is woken.
//
// This file is the fabric (the lines' serialization points, CHA TORs, parameters); Line.ts is a line.

import { type Ps, SimError } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { RandomStream } from '../random/index.ts';
import type { LatencyModel } from './LatencyModel.ts';
import { Line } from './Line.ts';
import { addCounters, type LineCounters, newCounters } from './LineCounters.ts';
import type { Topology } from './Topology.ts';

export interface CoherenceParams {
  /** `mesh`: one home per line; `chiplet`: per-CCX L3 coalescing, then the IO die. */
  readonly interconnect: 'mesh' | 'chiplet';
  readonly broadcast: boolean;
  readonly l1HitPs: Ps;
  readonly l3HitPs: Ps;
  readonly memoryPs: Ps;
  readonly invalidatePerSharerPs: Ps;
  readonly probePs: Ps;
  readonly torEntries: number;
  /** Duration of one PAUSE (the spin-loop poll period). */
  readonly pausePs: Ps;
  readonly siblingSpinSlowdown: number;
}

/** One request's service at a serialization point. */
export interface ServiceTrace {
  readonly line: string;
  /** `home`: the line's home CHA or the IO die; `ccx`: a CCX's own L3. */
  readonly at: 'home' | 'ccx';
  readonly ccx: number;
  readonly cpu: number;
  readonly kind: 'read' | 'rfo';
  readonly arrivalPs: Ps;
  readonly startPs: Ps;
  readonly donePs: Ps;
}

export interface LineOptions {
  /** Names of the fields that share the line (default: one field, "value"). */
  readonly fields?: readonly string[];
  /** Socket whose memory holds the line (its home); default 0. */
  readonly homeSocket?: number;
}

/** The machine's coherence fabric: creates lines and holds what they share (CHA TORs, parameters). */
export class Coherence {
  readonly env: Environment;
  readonly latency: LatencyModel;
  readonly topology: Topology;
  readonly params: CoherenceParams;
  private readonly stream: RandomStream;
  private readonly allLines: Line[] = [];
  private readonly names = new Set<string>();
  /** Per CHA (socket × core slot): how many lines are homed there, and the TOR's busy-until times. */
  private readonly linesAtCha: Int32Array;
  private readonly torBusy = new Map<number, Float64Array>();
  /** Requests submitted so far, over all lines: a total order of linearisation points. */
  requestSeq = 0;
  /** Called for every request served at a serialization point; for tests and debugging. */
  tracer: ((event: ServiceTrace) => void) | null = null;

  constructor(env: Environment, latency: LatencyModel, params: CoherenceParams, stream: RandomStream) {
    if (!(params.torEntries >= 1)) throw new SimError('torEntries must be ≥ 1', { where: 'hw' });
    if (!(params.siblingSpinSlowdown >= 1)) throw new SimError('siblingSpinSlowdown must be ≥ 1', { where: 'hw' });
    this.env = env;
    this.latency = latency;
    this.topology = latency.topology;
    this.params = params;
    this.stream = stream;
    this.linesAtCha = new Int32Array(this.topology.cores);
  }

  /** Declares a hot line. Names must be unique; the home CHA is a hash of the name. */
  line(name: string, options: LineOptions = {}): Line {
    if (this.names.has(name)) throw new SimError(`line "${name}" declared twice`, { where: 'hw' });
    this.names.add(name);
    const socket = options.homeSocket ?? 0;
    if (!(Number.isInteger(socket) && socket >= 0 && socket < this.topology.layout.sockets))
      throw new SimError(`line "${name}": home socket ${socket} does not exist`, { where: 'hw' });
    const cha = socket * this.topology.layout.coresPerSocket + (hash(name) % this.topology.layout.coresPerSocket);
    this.linesAtCha[cha] = (this.linesAtCha[cha] as number) + 1;
    const line = new Line(this, name, options.fields ?? ['value'], cha, this.allLines.length);
    this.allLines.push(line);
    return line;
  }

  lines(): readonly Line[] {
    return this.allLines;
  }

  /** A uniformly random point within one PAUSE, in whole ps: when a spinner next polls. */
  pausePhase(): Ps {
    return Math.floor(this.stream.next() * this.params.pausePs);
  }

  /** Sum of all lines' counters. */
  totals(): LineCounters {
    const out = newCounters();
    for (const line of this.allLines) addCounters(out, line.counters);
    return out;
  }

  /**
   * When a request for a line homed at `cha` may enter the TOR, given the line itself is free at
   * `start`, and books the entry for `service` ps. Only a CHA with more hot lines than TOR entries
   * can make a request wait here.
   */
  admitTor(cha: number, start: Ps, service: Ps): Ps {
    const entries = this.params.torEntries;
    if ((this.linesAtCha[cha] as number) <= entries) return start;
    let tor = this.torBusy.get(cha);
    if (tor === undefined) {
      tor = new Float64Array(entries);
      this.torBusy.set(cha, tor);
    }
    let slot = 0;
    for (let i = 1; i < entries; i++) if ((tor[i] as number) < (tor[slot] as number)) slot = i;
    const begin = Math.max(start, tor[slot] as number);
    tor[slot] = begin + service;
    return begin;
  }
}

function hash(text: string): number {
  // FNV-1a, 32 bit: a stable stand-in for the hardware's address hash.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
