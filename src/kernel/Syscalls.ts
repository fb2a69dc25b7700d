// The mount syscalls of containerd's idmap path and of a container's init, each written as the
// sequence of lock holds in docs/kernel.md's table (reference/kernel.md): path lookups (mount_lock
// readers), CPU work outside the locks, namespace_sem write or read holds, mount_lock write sections.
// Every hold names the parameter it lasts (KernelParams); what grows with the table is priced by the
// MountTable. To find where an umount's hold time comes from, read `umount` below.

import type { Signal } from '../engine/index.ts';
import type { Rcu } from '../sync/index.ts';
import type { Scheduler } from '../sched/index.ts';
import type { KernelCounters } from './KernelCounters.ts';
import type { KernelParams } from './KernelParams.ts';
import type { Body, KernelThread } from './KernelThread.ts';
import type { MountLock } from './MountLock.ts';
import type { MountTable } from './MountTable.ts';
import type { NamespaceSem } from './NamespaceSem.ts';
import type { InitWindow, PropagationTree, Walk } from './PropagationTree.ts';

/** An operation outside any shared mount: nothing to walk, nothing to copy. */
const NO_WALK: Walk = { walkPs: 0, copies: 0 };

/**
 * get_mountpoint / put_mountpoint around move_mount's attach: short exclusive holds, a quarter of a
 * list/hash update (estimate, kept from the first model; no measurement separates them).
 */
const MOUNTPOINT_HOLD_SHARE = 0.25;

/**
 * copy_mnt_ns alternates work and short mount_lock sections; they are batched into at most this many
 * sections of equal share, so the event count stays bounded while the window/gap pattern (and its
 * effect on readers) is kept. NOTE: it understates readers turned writers (one window per batch).
 */
const COPY_SECTIONS_MAX = 64;

/** What a umount removes from the host table: an idmapped layer, an overlay, or nothing (a detached mount). */
export type UmountKind = 'bind' | 'overlay' | 'detached';

/**
 * How the runtime makes its idmapped layer clones: peers of the layers' mount (containerd ≤ 2.2:
 * open_tree without AT_RECURSIVE, mount_setattr with propagation 0) or private (≥ 2.3: MS_PRIVATE);
 * and how it unmounts them: MNT_DETACH (containerd 2.0.0–2.0.6) or flags 0 (from 2.0.7).
 */
export interface RuntimeMounts {
  readonly clonePropagation: 'peer' | 'private';
  readonly umountFlags: 'detach' | 'none';
}

export class Syscalls {
  /** Called on every host-table mount event (systemd and other watchers of mountinfo). */
  onMountEvent: (() => void) | null = null;
  private readonly sched: Scheduler;
  private readonly mountLock: MountLock;
  private readonly ns: NamespaceSem;
  private readonly table: MountTable;
  private readonly tree: PropagationTree;
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
    readonly tree: PropagationTree;
    readonly rcu: Rcu;
    readonly params: KernelParams;
    readonly counters: KernelCounters;
    readonly possibleCpus: number;
  }) {
    this.sched = o.sched;
    this.mountLock = o.mountLock;
    this.ns = o.ns;
    this.table = o.table;
    this.tree = o.tree;
    this.rcu = o.rcu;
    this.params = o.params;
    this.counters = o.counters;
    this.possibleCpus = o.possibleCpus;
  }

  /**
   * open_tree(OPEN_TREE_CLONE) without AT_RECURSIVE (containerd's idmap path): clone a layer directory
   * into an anonymous namespace. Not recursive, it copies no children: the per-child cost the probe
   * measures for a layer's clone + setattr + move (≈ 22 ns per existing child) is move_mount's.
   */
  *openTree(k: KernelThread): Body {
    const p = this.params;
    this.count('open_tree');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, p.mountLockHold); // the clone
    yield* this.mountLock.write(k, p.mountLockHold); // attach to the anonymous namespace
    this.ns.writeUnlock(k);
  }

  /**
   * mount_setattr(MOUNT_ATTR_IDMAP | RDONLY): RDONLY sums per-CPU writer counts over the possible CPUs.
   * With propagation 0 (peer clones) it takes no namespace_sem; MS_PRIVATE (private clones) changes
   * propagation, under namespace_sem write.
   */
  *mountSetattr(k: KernelThread, rt: RuntimeMounts): Body {
    const p = this.params;
    this.count('mount_setattr');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    const privatize = rt.clonePropagation === 'private';
    if (privatize) {
      yield* this.ns.write(k);
      yield* k.cpu(p.nsWriteBase);
    }
    yield* this.mountLock.write(k, p.mountLockHold + this.possibleCpus * p.perCpuSum);
    if (privatize) this.ns.writeUnlock(k);
  }

  /**
   * move_mount of an idmapped layer into the host table, under the idmap parent (containerd's root, in
   * the layers' peer group): the propagation walk and a copy per slave namespace under namespace_sem,
   * the copies committed with the attach in one mount_lock section. A peer clone then joins the group.
   */
  *moveMount(k: KernelThread, rt: RuntimeMounts): Body {
    const p = this.params;
    this.count('move_mount');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    const walk = this.tree.attach(true);
    yield* k.cpu(p.nsWriteBase + this.table.childWalkPs() + walk.walkPs + walk.copies * p.propagationCopy);
    yield* this.mountLock.write(k, p.mountLockHold * MOUNTPOINT_HOLD_SHARE); // get_mountpoint
    yield* this.mountLock.write(k, p.mountLockHold + walk.copies * p.propagationCommit); // attach + commit copies
    yield* this.mountLock.write(k, p.mountLockHold * MOUNTPOINT_HOLD_SHARE); // put_mountpoint
    this.table.attachLayer();
    if (rt.clonePropagation === 'peer') this.tree.joined();
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
      yield* k.cpu(this.table.childWalkPs()); // clone_private_mount: ≈ +25 ns per existing child (docs/kernel.md)
      yield* this.mountLock.write(k, p.mountLockHold);
      this.ns.readUnlock(k);
      yield* k.cpu(p.overlayPerLayer);
    }
    yield* this.ns.write(k);
    // The overlay is attached under the bundle directory: a shared mount outside the layers' group.
    const walk = inHostTable ? this.tree.attach(false) : NO_WALK;
    yield* k.cpu(p.nsWriteBase + walk.walkPs + walk.copies * p.propagationCopy);
    yield* this.mountLock.write(k, p.mountLockHold + walk.copies * p.propagationCommit);
    if (inHostTable) this.table.overlay++;
    this.counters.mounts++;
    this.ns.writeUnlock(k);
    if (inHostTable) this.mountEvent();
  }

  /**
   * umount2(path, flags): one namespace_sem write hold around one mount_lock section — in which the
   * propagation tree is walked `umountPasses` times (one fewer with MNT_DETACH) and the copies in the
   * slave namespaces are torn down — then an expedited grace period.
   */
  *umount(k: KernelThread, kind: UmountKind, rt: RuntimeMounts): Body {
    const p = this.params;
    this.count('umount2');
    yield* this.lookups(k);
    yield* k.cpu(p.umountWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    const passes = p.umountPasses - (rt.umountFlags === 'detach' ? 1 : 0);
    const walk = kind === 'detached' ? NO_WALK : this.tree.umount(kind === 'bind', passes);
    yield* this.mountLock.write(k, p.mountLockHold + walk.walkPs + walk.copies * p.propagationTeardown);
    if (kind === 'bind') {
      this.table.detachLayer();
      if (rt.clonePropagation === 'peer') this.tree.left();
    } else if (kind === 'overlay') this.table.overlay--;
    this.counters.umounts++;
    this.ns.writeUnlock(k);
    if (kind !== 'detached') this.mountEvent();
    yield* this.graceExpedited(k);
  }

  /**
   * unshare(CLONE_NEWNS): copy_mnt_ns copies the whole host table, a short mount_lock write per mount.
   * The new namespace holds slave copies of the host's shared mounts until its old root is detached.
   */
  *unshareMountNs(k: KernelThread): Generator<Signal<unknown> | number, InitWindow, unknown> {
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
    const window = this.tree.openWindow(m);
    this.ns.writeUnlock(k);
    return window;
  }

  /**
   * pivot_root + umount2(old root, MNT_DETACH): umount_tree of the namespace's table — what it copied
   * and what was propagated into it since — in one write section; it is no longer a slave namespace.
   */
  *pivotAndDetach(k: KernelThread, window: InitWindow): Body {
    const p = this.params;
    this.count('pivot_root');
    this.count('umount2(MNT_DETACH)');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, window.mounts * this.table.perMountTreeWalkPs(p.umountTreePerMount));
    this.tree.closeWindow(window);
    this.ns.writeUnlock(k);
    yield* this.graceExpedited(k);
  }

  /**
   * A mount by the container's init inside its own namespace (proc, sysfs, a bind, a remount): a
   * namespace_sem write hold around one mount_lock section; nothing propagates (the namespace has no
   * slaves of its own) and the host table does not change.
   */
  *initMount(k: KernelThread): Body {
    const p = this.params;
    this.count('mount(init)');
    yield* this.lookups(k);
    yield* k.cpu(p.syscallWork);
    yield* this.ns.write(k);
    yield* k.cpu(p.nsWriteBase);
    yield* this.mountLock.write(k, p.mountLockHold);
    this.ns.writeUnlock(k);
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
