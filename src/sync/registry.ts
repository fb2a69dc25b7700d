// Every algorithm's descriptor, and how to build the ones lockbench can drive as a mutual-exclusion
// lock (seqlock by its writers, rwsem by its writers).

import type { Ps } from '../core/index.ts';
import type { Line } from '../hw/index.ts';
import { CNA, CnaLock } from './cna.ts';
import { MCS, McsLock } from './mcs.ts';
import type { ResolvedParams } from './params.ts';
import { QSPINLOCK, QspinLock } from './qspinlock.ts';
import { RCU } from './rcu.ts';
import { RWSEM, RwSem } from './rwsem.ts';
import { SEQLOCK, SeqLock } from './seqlock.ts';
import { TAS, TasLock } from './tas.ts';
import { TICKET, TicketLock } from './ticket.ts';
import { TTAS, TtasLock } from './ttas.ts';
import type { ExclusiveLock, LockDescriptor, SyncContext, SyncThread } from './types.ts';

export const LOCK_DESCRIPTORS: readonly LockDescriptor[] = [
  TAS,
  TTAS,
  TICKET,
  MCS,
  QSPINLOCK,
  CNA,
  SEQLOCK,
  RWSEM,
  RCU,
];

/** The rwsem's write side as a mutual-exclusion lock. */
export class RwsemWriteLock implements ExclusiveLock {
  readonly descriptor = RWSEM;
  readonly name: string;
  readonly sem: RwSem;
  constructor(ctx: SyncContext, name: string, params: ResolvedParams) {
    this.name = name;
    this.sem = new RwSem(ctx, name, params);
  }
  get holder(): SyncThread | null {
    return this.sem.writer;
  }
  get stats(): Record<string, number> {
    return this.sem.stats;
  }
  lines(): readonly Line[] {
    return this.sem.lines();
  }
  acquire(thread: SyncThread, onAcquired: (thread: SyncThread) => void): void {
    this.sem.acquireWrite(thread, onAcquired);
  }
  release(thread: SyncThread): Ps {
    return this.sem.releaseWrite(thread);
  }
}

type Factory = (ctx: SyncContext, name: string, params: ResolvedParams) => ExclusiveLock;

const FACTORIES: Readonly<Record<string, Factory>> = {
  tas: (c, n, p) => new TasLock(c, n, p),
  ttas: (c, n, p) => new TtasLock(c, n, p),
  ticket: (c, n, p) => new TicketLock(c, n, p),
  mcs: (c, n, p) => new McsLock(c, n, p),
  qspinlock: (c, n, p) => new QspinLock(c, n, p),
  cna: (c, n, p) => new CnaLock(c, n, p),
  seqlock: (c, n, p) => new SeqLock(c, n, p),
  rwsem: (c, n, p) => new RwsemWriteLock(c, n, p),
};

/** Names of the locks lockbench can drive. */
export const EXCLUSIVE_LOCKS: readonly string[] = Object.keys(FACTORIES);

export function descriptorOf(name: string): LockDescriptor | undefined {
  return LOCK_DESCRIPTORS.find((d) => d.name === name);
}

/** Builds lock `kind` (one of EXCLUSIVE_LOCKS) named `name`. */
export function createExclusiveLock(
  kind: string,
  ctx: SyncContext,
  name: string,
  params: ResolvedParams,
): ExclusiveLock {
  const factory = FACTORIES[kind];
  if (factory === undefined) throw new Error(`no exclusive lock "${kind}"`);
  return factory(ctx, name, params);
}
