// One simulated cache line (Coherence.ts describes the model): its copies (owner or sharers per core,
// per-CCX L3 copies), its serialization point's queue, the operations on it (read, write, atomics,
// spin) in the order they are submitted, and its spinners, which re-read after every write.

import { type Ps, SimError } from '../core/index.ts';
import type { Coherence } from './Coherence.ts';
import { DISTANCE_CLASS_ORDER } from './LatencyModel.ts';
import { type LineCounters, newCounters } from './LineCounters.ts';
import { newSpinner, type Spinner, SpinnerList } from './LineSpinners.ts';

/** Requests submitted lazily to a line, in arrival order (see `Line.defer`). */
export interface DeferredRequests {
  flush(t: Ps): void;
}

/** One simulated cache line. Values are numbers, one per declared field. */
export class Line {
  readonly fabric: Coherence;
  readonly name: string;
  readonly fields: readonly string[];
  /** The fields' current values (the state after every submitted operation). */
  readonly values: Float64Array;
  /** The old value returned by the last atomic (fetchAdd, exchange, cas). */
  result = 0;
  /** Linearisation order (the fabric's `requestSeq`) of the last request on this line. */
  lastSeq = 0;
  readonly counters: LineCounters = newCounters();
  /** The home CHA (Intel) this line hashes to. */
  readonly cha: number;
  readonly index: number;

  /** Core holding the line modified/exclusive, or −1. */
  private ownerCore = -1;
  /** The hardware thread of the owner that last wrote it. */
  private ownerCpu = -1;
  /** Field the last RFO wrote, for false-sharing counts; −1 before any write. */
  private lastWrittenField = -1;
  /** The thread that most recently obtained a copy, a source for the next shared fetch. */
  private lastSourceCpu = -1;
  private readonly sharer: Uint8Array;
  private readonly sharerCpu: Int32Array;
  private readonly sharerList: Int32Array;
  private sharerCount = 0;
  /** When each core's copy becomes usable (a fill in flight until then). */
  private readonly coreReady: Float64Array;
  /** Intel: whether the home L3 holds a clean copy. */
  private l3Valid = false;
  /** AMD: whether each CCX's L3 holds the line, and when its fill and its own queue are done. */
  private readonly ccxValid: Uint8Array;
  private ccxValidCount = 0;
  private readonly ccxFree: Float64Array;
  /** When the serialization point (home CHA / IO die) is free for the next request for this line. */
  private homeFree = 0;
  private readonly spinners = new SpinnerList();
  /** See `defer`. */
  private deferred: DeferredRequests | null = null;
  private flushing = false;

  constructor(fabric: Coherence, name: string, fields: readonly string[], cha: number, index: number) {
    if (fields.length === 0) throw new SimError(`line "${name}" needs at least one field`, { where: 'hw' });
    this.fabric = fabric;
    this.name = name;
    this.fields = fields;
    this.values = new Float64Array(fields.length);
    this.cha = cha;
    this.index = index;
    const t = fabric.topology;
    this.sharer = new Uint8Array(t.cores);
    this.sharerCpu = new Int32Array(t.cores);
    this.sharerList = new Int32Array(t.cores);
    this.coreReady = new Float64Array(t.cores);
    this.ccxValid = new Uint8Array(t.l3Domains);
    this.ccxFree = new Float64Array(t.l3Domains);
  }

  /** Index of a field by name. */
  field(name: string): number {
    const i = this.fields.indexOf(name);
    if (i < 0) throw new SimError(`line "${this.name}" has no field "${name}"`, { where: 'hw' });
    return i;
  }

  /** Number of spinners waiting on this line. */
  get spinnerCount(): number {
    return this.spinners.count;
  }

  /**
   * Registers a source of deferred requests: requests whose arrival times are known ahead but that
   * are submitted lazily, when something else touches the line. Before any request arriving at `t`
   * is served, `source.flush(t)` runs and must submit, in arrival order, every deferred request that
   * arrives at or before `t`; those must leave the line's values as they found them (`touch`). So
   * the line serves every request in arrival order without an event per deferred request.
   */
  defer(source: DeferredRequests | null): void {
    this.deferred = source;
  }

  /** Submits the deferred requests that arrive at or before `t` (see `defer`). */
  flush(t: Ps): void {
    if (this.deferred !== null) this.flushDeferred(t);
  }

  private flushDeferred(t: Ps): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      (this.deferred as DeferredRequests).flush(t);
    } finally {
      this.flushing = false;
    }
  }

  /** An atomic that leaves the value as it was (e.g. an rwsem reader's up_read and next down_read): an RFO. */
  touch(cpu: number, t: Ps, field: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    return this.rfo(cpu, t, field);
  }

  /** A load of `field` by `cpu` arriving at `t`; returns its completion time. The value is `values[field]`. */
  read(cpu: number, t: Ps, field = 0): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.lastSeq = ++this.fabric.requestSeq;
    this.counters.requests++;
    this.counters.reads++;
    return this.fetchShared(cpu, t, field);
  }

  /** A store (RFO) of `value` into `field`; returns its completion time. */
  write(cpu: number, t: Ps, field: number, value: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.values[field] = value;
    return this.rfo(cpu, t, field);
  }

  /** Atomic add; `result` is the old value. */
  fetchAdd(cpu: number, t: Ps, field: number, delta: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.result = this.values[field] as number;
    this.values[field] = this.result + delta;
    return this.rfo(cpu, t, field);
  }

  /** Atomic exchange; `result` is the old value. */
  exchange(cpu: number, t: Ps, field: number, value: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.result = this.values[field] as number;
    this.values[field] = value;
    return this.rfo(cpu, t, field);
  }

  /** Any atomic read-modify-write: the field becomes `fn(old)`; `result` is the old value. */
  update(cpu: number, t: Ps, field: number, fn: (old: number) => number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.result = this.values[field] as number;
    this.values[field] = fn(this.result);
    return this.rfo(cpu, t, field);
  }

  /**
   * Requests from an aggregated population (readers not simulated one by one) occupy the line's
   * serialization point for `durationPs` from `t` on: later requests queue behind them.
   */
  occupyHome(t: Ps, durationPs: Ps, requests: number): void {
    if (durationPs <= 0 || requests <= 0) return;
    if (this.deferred !== null) this.flushDeferred(t);
    const c = this.counters;
    const start = Math.max(t, this.homeFree);
    c.homeRequests += requests;
    c.reads += requests;
    c.requests += requests;
    c.homeWaitPs += (start - t) * requests;
    c.homeBusyPs += durationPs;
    this.homeFree = start + durationPs;
  }

  /** Atomic: keep the value modulo `unit`, replace what is above with `high` (a multiple of unit). */
  replaceHigh(cpu: number, t: Ps, field: number, unit: number, high: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.result = this.values[field] as number;
    this.values[field] = (this.result % unit) + high;
    return this.rfo(cpu, t, field);
  }

  /** Compare-and-swap; `result` is the old value, so it succeeded iff `result === expected`. */
  cas(cpu: number, t: Ps, field: number, expected: number, value: number): Ps {
    if (this.deferred !== null) this.flushDeferred(t);
    this.result = this.values[field] as number;
    if (this.result === expected) this.values[field] = value;
    return this.rfo(cpu, t, field);
  }

  /**
   * `cpu` spins on `field` from time `t` until `predicate(value)` holds. It reads the line now; if
   * the predicate already holds, `onSatisfied` runs when that read completes. Otherwise it re-reads
   * after every write to the line (any field: a write invalidates the whole line) and `onSatisfied`
   * runs when the first satisfying re-read completes. Returns the spinner (to cancel it).
   */
  spin(
    cpu: number,
    t: Ps,
    field: number,
    predicate: (value: number, spinner: Spinner) => boolean,
    onSatisfied: (spinner: Spinner) => void,
    ctx: unknown = null,
    target = 0,
  ): Spinner {
    const spinner = newSpinner(cpu, t, field, predicate, onSatisfied, ctx, target);
    const done = this.read(cpu, t, field);
    const value = this.values[field] as number;
    if (predicate(value, spinner)) this.satisfy(spinner, value, done);
    else this.spinners.add(spinner);
    return spinner;
  }

  /** Stops a spinner (a timeout, an interrupted waiter). */
  cancelSpin(spinner: Spinner): void {
    if (!spinner.active) return;
    spinner.active = false;
    this.spinners.remove(spinner);
  }

  private satisfy(spinner: Spinner, value: number, at: Ps): void {
    spinner.active = false;
    spinner.observed = value;
    spinner.observedAtPs = at;
    spinner.observedSeq = this.lastSeq;
    const env = this.fabric.env;
    env.callWith(Math.max(0, at - env.now), spinner.onSatisfied, spinner);
  }

  /** A read that found the line modified in another core. */
  private countHitm(field: number): void {
    this.counters.contested++;
    if (this.lastWrittenField >= 0 && this.lastWrittenField !== field) this.counters.falseSharingReads++;
  }

  private holds(core: number): boolean {
    return this.ownerCore === core || this.sharer[core] === 1;
  }

  private countTransfer(from: number, to: number): void {
    const cls = DISTANCE_CLASS_ORDER[this.fabric.latency.classIndex(from, to)];
    if (cls !== undefined && cls !== 'self') this.counters.transfers[cls]++;
  }

  private addSharer(core: number, cpu: number): void {
    if (this.sharer[core] === 1) return;
    this.sharer[core] = 1;
    this.sharerCpu[core] = cpu;
    this.sharerList[this.sharerCount++] = core;
  }

  private clearSharers(): void {
    for (let i = 0; i < this.sharerCount; i++) this.sharer[this.sharerList[i] as number] = 0;
    this.sharerCount = 0;
  }

  /** The owner keeps a shared copy when another core reads the line. */
  private downgradeOwner(): void {
    if (this.ownerCore < 0) return;
    this.addSharer(this.ownerCore, this.ownerCpu);
    this.ownerCore = -1;
    this.l3Valid = true; // the modified data is written back on the way
  }

  private fetchShared(cpu: number, t: Ps, field: number): Ps {
    const f = this.fabric;
    const p = f.params;
    const topo = f.topology;
    const core = topo.coreOf(cpu);
    if (this.holds(core)) {
      const ready = Math.max(t, this.coreReady[core] as number);
      if (this.ownerCore === core && this.ownerCpu !== cpu) {
        // The sibling thread wrote it: shared L1, but the handoff between threads costs what the
        // sibling ping-pong measures.
        this.countTransfer(this.ownerCpu, cpu);
        return ready + f.latency.transferPs(this.ownerCpu, cpu);
      }
      this.counters.hits++;
      return ready + p.l1HitPs;
    }
    const chiplet = p.interconnect === 'chiplet';
    const ccx = topo.l3Of(cpu);
    if (chiplet && this.ccxValid[ccx] === 1) {
      // Served inside the CCX: by its L3, or by the owning core of this CCX.
      const start = Math.max(t, this.ccxFree[ccx] as number);
      let service: Ps;
      if (this.ownerCore >= 0) {
        service = f.latency.transferPs(this.ownerCpu, cpu);
        this.countTransfer(this.ownerCpu, cpu);
        this.countHitm(field);
      } else {
        service = p.l3HitPs;
        this.counters.l3Fills++;
      }
      const done = start + service;
      this.ccxFree[ccx] = done;
      if (f.tracer !== null) this.trace('ccx', cpu, 'read', t, start, done);
      this.downgradeOwner();
      this.addSharer(core, cpu);
      this.coreReady[core] = done;
      this.lastSourceCpu = cpu;
      return done;
    }
    // To the serialization point.
    let service: Ps;
    if (this.ownerCore >= 0) {
      service = f.latency.transferPs(this.ownerCpu, cpu);
      this.countTransfer(this.ownerCpu, cpu);
      this.countHitm(field);
    } else if (this.sharerCount > 0 || this.l3Valid) {
      service = this.sharedSourcePs(cpu);
    } else {
      service = p.memoryPs;
      this.counters.memoryFills++;
    }
    if (p.broadcast) service += p.probePs;
    const done = this.serve(t, service, cpu, 'read');
    if (chiplet) {
      this.counters.ioDieRequests++;
      this.ccxFree[ccx] = done;
      if (this.ccxValid[ccx] === 0) {
        this.ccxValid[ccx] = 1;
        this.ccxValidCount++;
      }
    }
    this.downgradeOwner();
    this.addSharer(core, cpu);
    this.coreReady[core] = done;
    this.lastSourceCpu = cpu;
    return done;
  }

  /** Service time of a shared fetch when no core owns the line: an L3 copy near by, or a sharer. */
  private sharedSourcePs(cpu: number): Ps {
    const f = this.fabric;
    const topo = f.topology;
    const source = this.lastSourceCpu;
    const near =
      f.params.interconnect === 'mesh'
        ? this.l3Valid && (source < 0 || topo.socketOf(source) === topo.socketOf(cpu))
        : source >= 0 && topo.l3Of(source) === topo.l3Of(cpu);
    if (near || source < 0) {
      this.counters.l3Fills++;
      return f.params.l3HitPs;
    }
    this.countTransfer(source, cpu);
    return f.latency.transferPs(source, cpu);
  }

  /** Queues a request at the serialization point; returns its completion. */
  private serve(t: Ps, service: Ps, cpu: number, kind: 'read' | 'rfo'): Ps {
    const c = this.counters;
    let start = Math.max(t, this.homeFree);
    start = this.fabric.admitTor(this.cha, start, service);
    c.homeRequests++;
    c.homeWaitPs += start - t;
    c.homeBusyPs += service;
    const done = start + service;
    this.homeFree = done;
    if (this.fabric.tracer !== null) this.trace('home', cpu, kind, t, start, done);
    return done;
  }

  private trace(at: 'home' | 'ccx', cpu: number, kind: 'read' | 'rfo', arrivalPs: Ps, startPs: Ps, donePs: Ps): void {
    const ccx = this.fabric.topology.l3Of(cpu);
    this.fabric.tracer?.({ line: this.name, at, ccx, cpu, kind, arrivalPs, startPs, donePs });
  }

  private rfo(cpu: number, t: Ps, field: number): Ps {
    const f = this.fabric;
    this.lastSeq = ++f.requestSeq;
    const p = f.params;
    const topo = f.topology;
    const c = this.counters;
    c.requests++;
    c.rfos++;
    const core = topo.coreOf(cpu);
    if (this.ownerCore === core) {
      let done = Math.max(t, this.coreReady[core] as number);
      if (this.ownerCpu !== cpu) {
        this.countTransfer(this.ownerCpu, cpu);
        done += f.latency.transferPs(this.ownerCpu, cpu);
      } else {
        c.hits++;
        done += p.l1HitPs;
      }
      this.ownerCpu = cpu;
      this.lastWrittenField = field;
      this.coreReady[core] = done;
      this.afterWrite(done);
      return done;
    }
    if (this.ownerCore >= 0) {
      c.contested++;
      if (this.lastWrittenField >= 0 && this.lastWrittenField !== field) c.falseSharing++;
    }
    // Where the data comes from.
    let base: Ps;
    if (this.ownerCore >= 0) {
      base = f.latency.transferPs(this.ownerCpu, cpu);
      this.countTransfer(this.ownerCpu, cpu);
    } else if (this.sharer[core] === 1) {
      // An upgrade: the data is here, but the home must grant ownership (a round trip to it).
      base = Math.max(p.l3HitPs, (this.coreReady[core] as number) - t);
    } else if (this.sharerCount > 0 || this.l3Valid) {
      base = this.sharedSourcePs(cpu);
    } else {
      base = p.memoryPs;
      c.memoryFills++;
    }
    // Invalidating the other copies: the farthest one, then a little per further sharer.
    let invalidated = 0;
    let farthest = 0;
    for (let i = 0; i < this.sharerCount; i++) {
      const other = this.sharerList[i] as number;
      if (other === core) continue;
      invalidated++;
      const latency = f.latency.transferPs(cpu, this.sharerCpu[other] as number);
      if (latency > farthest) farthest = latency;
    }
    c.invalidations += invalidated;
    let service = Math.max(base, farthest) + (invalidated > 1 ? (invalidated - 1) * p.invalidatePerSharerPs : 0);
    if (p.broadcast) service += p.probePs;
    const ccx = topo.l3Of(cpu);
    let done: Ps;
    if (p.interconnect === 'chiplet' && this.ccxValidCount === 1 && this.ccxValid[ccx] === 1) {
      // Every copy is inside this CCX: the CCX resolves the ownership change without the IO die,
      // but a request from another CCX meanwhile must wait for it (the owner is busy).
      const start = Math.max(t, this.ccxFree[ccx] as number, this.homeFree);
      done = start + service;
      this.ccxFree[ccx] = done;
      this.homeFree = done;
      if (f.tracer !== null) this.trace('ccx', cpu, 'rfo', t, start, done);
    } else {
      done = this.serve(t, service, cpu, 'rfo');
      if (p.interconnect === 'chiplet') {
        c.ioDieRequests++;
        this.ccxFree[ccx] = done;
      }
    }
    // The requester now owns the only copy.
    this.clearSharers();
    if (p.interconnect === 'chiplet') {
      this.ccxValid.fill(0);
      this.ccxValid[ccx] = 1;
      this.ccxValidCount = 1;
    }
    this.l3Valid = false;
    this.ownerCore = core;
    this.ownerCpu = cpu;
    this.lastSourceCpu = cpu;
    this.lastWrittenField = field;
    this.coreReady[core] = done;
    this.afterWrite(done);
    return done;
  }

  /** A write completing at `done` invalidated the spinners' copies: each re-reads at its next poll. */
  private afterWrite(done: Ps): void {
    if (this.spinners.count > 0) this.spinners.invalidated(this.fabric, done, this.reread);
  }

  private readonly reread = (spinner: Spinner): void => {
    spinner.rereadPending = false;
    if (!spinner.active) return;
    spinner.rereads++;
    this.counters.spinRereads++;
    const completed = this.read(spinner.cpu, this.fabric.env.now, spinner.field);
    const value = this.values[spinner.field] as number;
    if (spinner.predicate(value, spinner)) {
      this.spinners.remove(spinner);
      this.satisfy(spinner, value, completed);
    }
  };
}
