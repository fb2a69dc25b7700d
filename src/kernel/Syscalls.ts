// The mount syscalls of containerd's idmap path and of a container's init, each written as the
// sequence of lock holds in docs/kernel.md's table (reference/kernel.md): path lookups (mount_lock
// readers), CPU work outside the locks, namespace_sem write or read holds, mount_lock write sections.
// Every hold names the parameter it lasts (KernelParams); what grows with the table is priced by the
// MountTable. To find where an umount's hold time comes from, read `umount` below.

import type { Rcu } from '../sync/index.ts';
import type { Scheduler } from '../sched/index.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';
import type { Body, KernelThread } from './KernelThread.ts';
import type { MountLock } from './MountLock.ts';
import type { MountTable } from './MountTable.ts';
import type { NamespaceSem } from './NamespaceSem.ts';

/**
 * get_mountpoint / put_mountpoint around move_mount's attach: short exclusive holds, a quarter of a
 * list/hash update (estimate, kept from the first model; no measurement separates them).
 */
const MOUNTPOINT_HOLD_SHARE = 0.25;

/**
 * An overlay lowerdir's private clone walks the children of the idmap parent at a quarter of a bind
 * mount's per-child cost (estimate, kept from the first model; reference/kernel.md measures ≈ +20–30 ns
 * per child for overlay lowerdirs as for bind mounts).
 */
const OVERLAY_WALK_SHARE = 0.25;

/**
 * copy_mnt_ns alternates work and short mount_lock sections; they are batched into at most this many
 * sections of equal share, so the event count stays bounded while the window/gap pattern (and its
 * effect on readers) is kept. NOTE: it understates readers turned writers (one window per batch).
 */
const COPY_SECTIONS_MAX = 64;

/** What a umount removes from the host table: an idmapped layer, an overlay, or nothing (a detached mount). */
export type UmountKind = 'bind' | 'overlay' | 'detached';

export class Syscalls {
  /** Called on every host-table mount event (systemd and other watchers of mountinfo). */
  onMountEvent: (() => void) | null = null;
  private readonly sched: Scheduler;
  private readonly mountLock: MountLock;
  private readonly ns: NamespaceSem;
  private readonly table: MountTable;
  private readonly rcu: Rcu;
  private readonly params: KernelParams;
  private readonly counters: KernelCounters;
  /** Possible CPUs: what mount_setattr(RDONLY) sums per-CPU writer counts over. */
  private readonly possibleCpus: number;

  constructor(o: {
    readonly sched: Scheduler;
    readonly mountLock: MountLock;
    readonly ns: NamespaceSem;
    readonly table: MountTable;
    readonly rcu: Rcu;
    readonly params: KernelParams;
    readonly counters: KernelCounters;
    readonly possibleCpus: number;
  }) {
    this.sched = o.sched;
    this.mountLock = o.mountLock;
    this.ns = o.ns;
    this.table = o.table;
    this.rcu = o.rcu;
    this.params = o.params;
    this.counters = o.counters;
    this.possibleCpus = o.possibleCpus;
  }

  /** open_tree(OPEN_TREE_CLONE): clone a layer directory into an anonymous namespace. */
  *openTree(k: KernelThread): Body {
    const p = this.params;
    this.count('open_tree');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase + this.table.childWalkPs());
    yield* this.mountLock.write(k, p.mountLockHold); // the clone
    yield* this.mountLock.write(k, p.mountLockHold); // attach to the anonymous namespace
    this.ns.writeUnlock(k);
  }

  /** mount_setattr(MOUNT_ATTR_IDMAP | RDONLY): RDONLY sums per-CPU writer counts over the possible CPUs. */
  *mountSetattr(k: KernelThread): Body {
    const p = this.params;
    this.count('mount_setattr');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, p.mountLockHold + this.possibleCpus * p.perCpuSum);
    this.ns.writeUnlock(k);
  }

  /** move_mount of an idmapped layer into the host table, under the idmap parent. */
  *moveMount(k: KernelThread): Body {
    const p = this.params;
    this.count('move_mount');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase + this.table.childWalkPs());
    yield* this.mountLock.write(k, p.mountLockHold * MOUNTPOINT_HOLD_SHARE); // get_mountpoint
    yield* this.mountLock.write(k, p.mountLockHold); // attach
    yield* this.mountLock.write(k, p.mountLockHold * MOUNTPOINT_HOLD_SHARE); // put_mountpoint
    this.table.attachLayer();
    this.counters.mounts++;
    this.ns.writeUnlock(k);
    this.mountEvent();
  }

  /** Overlay mount over `layers` lowerdirs: a private clone per layer (namespace_sem read), then the attach. */
  *overlayMount(k: KernelThread, layers: number, inHostTable: boolean): Body {
    const p = this.params;
    this.count('mount(overlay)');
    yield* this.lookups(k);
    for (let i = 0; i < layers; i++) {
      yield* this.ns.read(k);
      yield* k.cpu(this.table.childWalkPs() * OVERLAY_WALK_SHARE); // clone_private_mount
      yield* this.mountLock.write(k, p.mountLockHold);
      this.ns.readUnlock(k);
      yield* k.cpu(p.overlayPerLayer);
    }
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, p.mountLockHold);
    if (inHostTable) this.table.overlay++;
    this.counters.mounts++;
    this.ns.writeUnlock(k);
    if (inHostTable) this.mountEvent();
  }

  /** umount2(path, 0): one namespace_sem write hold around one mount_lock section, then an expedited grace period. */
  *umount(k: KernelThread, kind: UmountKind): Body {
    const p = this.params;
    this.count('umount2');
    yield* this.lookups(k);
    yield* k.cpu(p.umountWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, p.mountLockHold);
    if (kind === 'bind') this.table.detachLayer();
    else if (kind === 'overlay') this.table.overlay--;
    this.counters.umounts++;
    this.ns.writeUnlock(k);
    if (kind !== 'detached') this.mountEvent();
    yield* this.graceExpedited(k);
  }

  /** unshare(CLONE_NEWNS): copy_mnt_ns copies the whole host table, a short mount_lock write per mount. */
  *unshareMountNs(k: KernelThread): Body {
    const p = this.params;
    this.count('unshare(CLONE_NEWNS)');
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    const m = this.table.size;
    const per = this.table.perMountTreeWalkPs(p.copyPerMount);
    const sections = Math.min(m, COPY_SECTIONS_MAX);
    for (let b = 0; b < sections; b++) {
      const share = Math.floor(m / sections) + (b < m % sections ? 1 : 0);
      yield* k.cpu(share * per);
      yield* this.mountLock.write(k, share * p.copyLockHold);
    }
    this.ns.writeUnlock(k);
  }

  /** pivot_root + umount2(old root, MNT_DETACH): umount_tree of the `copied` mounts in one write section. */
  *pivotAndDetach(k: KernelThread, copied: number): Body {
    const p = this.params;
    this.count('pivot_root');
    this.count('umount2(MNT_DETACH)');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, copied * this.table.perMountTreeWalkPs(p.umountTreePerMount));
    this.ns.writeUnlock(k);
    yield* this.graceExpedited(k);
  }

  /** The path lookups of a syscall's arguments; its next step is CPU work, which absorbs the last read. */
  private *lookups(k: KernelThread): Body {
    for (let i = 0; i < this.params.lookupsPerSyscall; i++) yield* this.mountLock.lookup(k, true);
  }

  /** namespace_unlock → synchronize_rcu_expedited(): sleep until a grace period that starts now ends. */
  private *graceExpedited(k: KernelThread): Body {
    const s = k.gate();
    this.sched.sleep(k.st);
    this.rcu.synchronizeExpedited(k.sync, k.wakeUp);
    yield s;
  }

  private count(name: string): void {
    this.counters.syscalls[name] = (this.counters.syscalls[name] ?? 0) + 1;
  }

  private mountEvent(): void {
    this.counters.mountEvents++;
    this.onMountEvent?.();
  }
}
