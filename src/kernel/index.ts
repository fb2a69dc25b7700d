// lockcliff kernel: the Linux mount subsystem — mount_lock, namespace_sem, RCU, the mount table,
// syscalls as lock-hold sequences, path lookups and mountinfo reads.

export { type Body, type KernelCounters, type KThread, type LockStats, MountSubsystem } from './MountSubsystem.ts';
export { KERNEL_PARAMS, type KernelParams, type KernelParamSpec, psOf, resolveKernelParams } from './params.ts';
