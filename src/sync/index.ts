// lockcliff sync: lock algorithms built on modelled cache lines, one file each, with descriptors.

export { solveTicketMarkov, type TicketMarkovParams, type TicketMarkovResult } from './boydWickizer.ts';
export { CNA, CnaLock } from './cna.ts';
export { MCS, McsLock } from './mcs.ts';
export { type ResolvedParams, resolveParams } from './params.ts';
export { QSPINLOCK, QspinLock } from './qspinlock.ts';
export { RCU, Rcu } from './rcu.ts';
export {
  createExclusiveLock,
  descriptorOf,
  EXCLUSIVE_LOCKS,
  LOCK_DESCRIPTORS,
  RwsemWriteLock,
} from './registry.ts';
export { type GrantCallback, RWSEM, RwSem } from './rwsem.ts';
export { type ReadAttempt, SEQLOCK, SeqLock, type WriteSection } from './seqlock.ts';
export { TAS, TasLock } from './tas.ts';
export { TICKET, TicketLock } from './ticket.ts';
export { TTAS, TtasLock } from './ttas.ts';
export type {
  ExclusiveLock,
  LockDescriptor,
  ParamSpec,
  SyncContext,
  SyncThread,
  WordLocation,
} from './types.ts';
