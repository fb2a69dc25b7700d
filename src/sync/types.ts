// What every lock algorithm shares: the threads that take locks, the machine they run on, the
// descriptor that validation, `lockcliff locks list` and the docs read, and the exclusive-lock
// interface lockbench drives.
//
// Locks are written as small state machines on the engine's callback path (`env.callWith`), so a
// contended handoff costs a few events, not a generator resumption per spin iteration. Every step
// that touches memory is an operation on a modelled cache line (src/hw Coherence); no algorithm has
// a handoff constant.

import { type ParamSpec, type Ps, SimError } from '../core/index.ts';
import type { Environment } from '../engine/index.ts';
import type { Coherence, Line, Topology } from '../hw/index.ts';
import type { RandomStream } from '../random/index.ts';

/** A software thread as locks see it: a dense id (0, 1, …) and the hardware thread it runs on. */
export interface SyncThread {
  readonly id: number;
  /** The hardware thread it runs on now (a scheduled thread may migrate between operations). */
  cpu: number;
  readonly name: string;
}

/** The machine a lock lives on. */
export interface SyncContext {
  readonly env: Environment;
  readonly fabric: Coherence;
  readonly topology: Topology;
  /** A stream for the lock's own randomness (backoff). */
  readonly stream: (name: string) => RandomStream;
}

/** A lock parameter's descriptor: the shape every model parameter has (core/ParamSpec). */
export type { ParamSpec };

export interface LockDescriptor {
  readonly name: string;
  readonly summary: string;
  /** Where the algorithm comes from. */
  readonly source: string;
  readonly kind: 'exclusive' | 'seqlock' | 'rwsem' | 'rcu';
  /** What order waiters get the lock in. */
  readonly fairness: 'fifo' | 'none' | 'numa-fifo' | 'fifo-writers';
  readonly params: readonly ParamSpec[];
  /** Statistics the lock counts (besides the per-line counters of its lines). */
  readonly stats: readonly string[];
}

/**
 * A mutual-exclusion lock. `acquire` is called at `env.now`; `onAcquired` runs (as an event) when the
 * thread holds the lock. `release` is called at `env.now` by the holder and returns the time the
 * thread may go on, or −1 if the algorithm must wait first (MCS with a successor still linking in),
 * in which case `onReleased` runs when it may.
 */
export interface ExclusiveLock {
  readonly name: string;
  readonly descriptor: LockDescriptor;
  /** Lines the lock's words live on (per-thread queue nodes included once created). */
  lines(): readonly Line[];
  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void;
  release(thread: SyncThread, onReleased: (thread: SyncThread) => void): Ps;
  /** The holder, or null: for laws and reports. */
  readonly holder: SyncThread | null;
  /** Counters of the algorithm's own events (attempts, backoffs, queue moves). */
  readonly stats: Record<string, number>;
}

/** Where a lock word lives: its own line, or a field of a line shared with other data. */
export interface WordLocation {
  readonly line: Line;
  readonly field: number;
}

/** Shared spin predicates (`spinner.target` is the parameter), so spinning allocates no closure. */
export const isZero = (v: number): boolean => v === 0;
export const equalsTarget = (v: number, s: { target: number }): boolean => v === s.target;
export const differsFromTarget = (v: number, s: { target: number }): boolean => v !== s.target;
export const maskClear = (v: number, s: { target: number }): boolean => (v & s.target) === 0;
export const isEven = (v: number): boolean => v % 2 === 0;

/** Throws if `thread` is not the holder: releasing a lock one does not hold is a model bug. */
export function assertHolder(lock: ExclusiveLock, thread: SyncThread, holder: SyncThread | null): void {
  if (holder !== thread) {
    throw new SimError(`${thread.name} releases ${lock.name} held by ${holder === null ? 'nobody' : holder.name}`, {
      where: 'sync',
    });
  }
}
