// What the mount subsystem counts as it runs: syscalls by name, mounts and umounts, path lookups and
// their retries, the aggregated background readers' spinning and fall-backs, mount_lock writes,
// mountinfo reads and chunks, mount events, namespace_sem optimistic spins.

export interface KernelCounters {
  syscalls: Record<string, number>;
  mounts: number;
  umounts: number;
  lookups: number;
  lookupRetries: number;
  backgroundLookupsSpun: number;
  backgroundSpinPs: number;
  backgroundRetries: number;
  legitimizeWrites: number;
  mountLockWrites: number;
  mountinfoReads: number;
  mountinfoChunks: number;
  mountEvents: number;
  optimisticSpins: number;
  /** Optimistic spins that ended in sleep (owner off CPU, handed to a sleeper or readers, need_resched). */
  spinAborts: number;
}

export function newKernelCounters(): KernelCounters {
  return {
    syscalls: {},
    mounts: 0,
    umounts: 0,
    lookups: 0,
    lookupRetries: 0,
    backgroundLookupsSpun: 0,
    backgroundSpinPs: 0,
    backgroundRetries: 0,
    legitimizeWrites: 0,
    mountLockWrites: 0,
    mountinfoReads: 0,
    mountinfoChunks: 0,
    mountEvents: 0,
    optimisticSpins: 0,
    spinAborts: 0,
  };
}
