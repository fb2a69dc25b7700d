// Invariants a burst checks after every event when asked (tests): the scheduler's own, namespace_sem
// never held by a writer and readers at once, and mount_lock's count odd only while a writer holds it.

import type { MountSubsystem } from '../kernel/index.ts';

export function checkBurstInvariants(kernel: MountSubsystem): void {
  kernel.sched.checkInvariants();
  const sem = kernel.ns.sem;
  if (sem.writer !== null && sem.readers > 0)
    throw new Error(`namespace_sem: writer ${sem.writer.name} and ${sem.readers} readers at once`);
  if (sem.readers < 0) throw new Error('namespace_sem: negative reader count');
  const mountLock = kernel.mountLock.lock;
  if (mountLock.sequence % 2 === 1 && mountLock.holder === null) throw new Error('mount_lock count odd with no writer');
}
