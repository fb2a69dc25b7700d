// lockcliff kernel: the Linux mount subsystem — mount_lock, namespace_sem, RCU, the mount table,
// syscalls as lock-hold sequences, path lookups and mountinfo reads.

export { type KernelCounters, newKernelCounters } from './KernelCounters.ts';
export {
  KERNEL_PARAMS,
  type KernelParamName,
  type KernelParamSpec,
  type KernelParams,
  outOfRange,
  resolveKernelParams,
  schedParamsOf,
} from './KernelParams.ts';
export { type Body, KernelThread } from './KernelThread.ts';
export { type LockStats, newLockStats, recordHold } from './LockStats.ts';
export { LookupPopulation } from './LookupPopulation.ts';
export { MountLock } from './MountLock.ts';
export { MOUNTINFO_CHUNK_BYTES, Mountinfo } from './Mountinfo.ts';
export { type MountKind, MountTable } from './MountTable.ts';
export { MountSubsystem, type MountSubsystemOptions } from './MountSubsystem.ts';
export { NamespaceSem, type NsHolder } from './NamespaceSem.ts';
export { type InitWindow, PropagationTree, type Walk, type WalkStats } from './PropagationTree.ts';
export { type RuntimeMounts, Syscalls, type UmountKind } from './Syscalls.ts';
