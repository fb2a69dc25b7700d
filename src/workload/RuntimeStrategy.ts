// How a container runtime mounts an image's layers, one descriptor per strategy: the syscall sequence
// of one mount pass, the mount operations it counts as the incident counts them, and the kernel it
// needs. Everything the model knows about a strategy is here.
//
// Sources: containerd core/mount/mount_idmapped_linux.go and mount_linux.go (per-layer idmap, ≤ 2.1);
// PR #12092 "Only idmap once per overlayfs, not per layer" (common parent, 2.2); overlayfs
// `lowerdir+` through fsconfig (Linux 6.8) for fd-based layers.

import type { Body, KernelThread, RuntimeMounts, Syscalls } from '../kernel/index.ts';

export interface RuntimeStrategy {
  readonly name: string;
  readonly summary: string;
  readonly source: string;
  /** The oldest kernel that has what the strategy needs (and what that is), or null. */
  readonly needsKernel: { readonly major: number; readonly minor: number; readonly feature: string } | null;
  /** Mount operations of one pass as the incident counts them: the overlay, the layer binds, their umounts. */
  mountOpsPerPass(layers: number): number;
  /**
   * One pass's syscalls by `k` with the runtime's clone propagation and umount flags; `attached` is
   * called after each layer enters the host table (the table's size is sampled there for its peak).
   */
  pass(sys: Syscalls, k: KernelThread, layers: number, rt: RuntimeMounts, attached: () => void): Body;
}

const PER_LAYER_IDMAP: RuntimeStrategy = {
  name: 'per-layer-idmap',
  summary:
    'each layer: open_tree clone + mount_setattr(IDMAP) + move_mount into the host table; overlay over the binds; umount each bind',
  source: 'containerd ≤ 2.1 core/mount/mount_idmapped_linux.go; incident: containerd issue #12048',
  needsKernel: null,
  mountOpsPerPass: (layers) => 1 + 2 * layers,
  *pass(sys, k, layers, rt, attached) {
    for (let l = 0; l < layers; l++) {
      yield* sys.openTree(k);
      yield* sys.mountSetattr(k, rt);
      yield* sys.moveMount(k, rt);
      attached();
    }
    yield* sys.overlayMount(k, layers, true);
    for (let l = 0; l < layers; l++) yield* sys.umount(k, 'bind', rt);
  },
};

const COMMON_PARENT: RuntimeStrategy = {
  name: 'common-parent',
  summary:
    "idmap the layers' common parent once per pass (one clone + setattr + move); the overlay still clones each layer privately",
  source: 'containerd PR #12092 (v2.2): O(layers) → O(1) host-table mounts per container',
  needsKernel: null,
  mountOpsPerPass: () => 3,
  *pass(sys, k, layers, rt, attached) {
    yield* sys.openTree(k);
    yield* sys.mountSetattr(k, rt);
    yield* sys.moveMount(k, rt);
    attached();
    yield* sys.overlayMount(k, layers, true);
    yield* sys.umount(k, 'bind', rt);
  },
};

const LOWERDIR_FD: RuntimeStrategy = {
  name: 'lowerdir-fd',
  summary:
    'idmapped layers stay detached (no move_mount into the host table) and go to the overlay by fd (fsconfig lowerdir+); closing the fds dissolves them',
  source: 'Linux 6.8 overlayfs lowerdir+ via fsconfig; reference/kernel.md',
  needsKernel: { major: 6, minor: 8, feature: 'fsconfig lowerdir+' },
  mountOpsPerPass: () => 1,
  *pass(sys, k, layers, rt) {
    for (let l = 0; l < layers; l++) {
      yield* sys.openTree(k);
      yield* sys.mountSetattr(k, rt);
    }
    yield* sys.overlayMount(k, layers, true);
    for (let l = 0; l < layers; l++) yield* sys.umount(k, 'detached', rt);
  },
};

export const RUNTIME_STRATEGIES = [PER_LAYER_IDMAP, COMMON_PARENT, LOWERDIR_FD] as const;

export const STRATEGIES = ['per-layer-idmap', 'common-parent', 'lowerdir-fd'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export function strategyOf(name: Strategy): RuntimeStrategy {
  return RUNTIME_STRATEGIES.find((s) => s.name === name) as RuntimeStrategy;
}
