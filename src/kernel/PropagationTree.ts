// Mount propagation (fs/pnode.c) as the container burst meets it: the peer group of the mount that
// holds the image layers, and the mount namespaces that hold slave copies of the host.
//
// - Peers (P). Before containerd 2.3 each idmapped layer clone keeps its source's group (open_tree
//   without AT_RECURSIVE, mount_setattr with propagation 0): attached under containerd's root, it is
//   a peer of the layers' mount until its umount. Leaked temp mounts (containerd #12139) stay peers.
//   containerd ≥ 2.3 makes the clones private: they never join.
// - Slave namespaces (docs/kernel.md). Every namespace copied from the host holds slave copies of its shared
//   mounts: long-lived service namespaces (PrivateTmp, ProtectSystem, node agents) and each starting
//   container between its `unshare(CLONE_NEWNS)` and the detach of its old root (its init window).
// - Walks. An attach under a shared mount (`attach_recursive_mnt` → `propagate_mnt`) visits every peer
//   of the destination and every slave under them, (1 + P)(1 + K) nodes, and makes a copy in each of
//   the K namespaces; an umount (`propagate_mount_busy` with flags 0, `propagate_mount_unlock`,
//   `propagate_umount`) walks the same tree `umountPasses` times inside its mount_lock section and
//   tears the K copies down. A walk is a chain of dependent loads: its price per node comes from the
//   machine's memory hierarchy for the walk's footprint (MemoryHierarchy).
// Sources: docs/kernel.md *Mount propagation* (the probe's P × K grid) and docs/hardware.md.

import type { Ps } from '../core/index.ts';
import type { MemoryHierarchy } from '../hw/index.ts';
import type { KernelParams } from './KernelParams.ts';

/** Walks of one kind: how many, their nodes and their time. */
export interface WalkStats {
  walks: number;
  nodes: number;
  nodesMax: number;
  ps: number;
}

const newWalkStats = (): WalkStats => ({ walks: 0, nodes: 0, nodesMax: 0, ps: 0 });

/** A container's mount namespace from its unshare to the detach of its old root. */
export interface InitWindow {
  /** Mounts in its table: those copied at unshare, plus copies propagated in, less those propagated out. */
  mounts: number;
}

/** What a walk costs its caller: its time, and the copies it makes or tears down (one per slave namespace). */
export interface Walk {
  readonly walkPs: Ps;
  readonly copies: number;
}

export class PropagationTree {
  /** Layer clones attached as peers now (leaked temp mounts aside). */
  private attachedPeers = 0;
  private readonly windows = new Set<InitWindow>();
  private readonly params: KernelParams;
  private readonly memory: MemoryHierarchy;
  peakPeers: number;
  peakSlaveNamespaces: number;
  /** Attach walks (under namespace_sem write) and umount walks (inside mount_lock write, all passes). */
  readonly attachWalks: WalkStats = newWalkStats();
  readonly umountWalks: WalkStats = newWalkStats();

  constructor(params: KernelParams, memory: MemoryHierarchy) {
    this.params = params;
    this.memory = memory;
    this.peakPeers = this.peers;
    this.peakSlaveNamespaces = this.slaveNamespaces;
  }

  /** P: peers of the layers' mount besides itself. */
  get peers(): number {
    return this.params.leakedTempMounts + this.attachedPeers;
  }

  /** K: namespaces holding slave copies of the host's shared mounts. */
  get slaveNamespaces(): number {
    return this.params.serviceNamespaces + this.windows.size;
  }

  /** Nodes a walk visits under a destination whose group has `peers` peers besides it. */
  nodes(peers: number): number {
    return (1 + peers) * (1 + this.slaveNamespaces);
  }

  /** The price of one node of a walk of `nodes` nodes: dependent loads at the level the footprint reaches. */
  nodePs(nodes: number): Ps {
    const p = this.params;
    return p.propagationMissesPerNode * this.memory.walkLoadPs(nodes * p.propagationBytesPerNode, p.walkCacheShare);
  }

  /**
   * An attach under a shared mount — in the layers' group (a layer clone's move_mount) or not (an
   * overlay under the bundle directory): one walk, and a copy in every slave namespace.
   */
  attach(inLayerGroup: boolean): Walk {
    const n = this.nodes(inLayerGroup ? this.peers : 0);
    const walkPs = Math.round(n * this.nodePs(n));
    record(this.attachWalks, n, walkPs);
    for (const w of this.windows) w.mounts++;
    return { walkPs, copies: this.slaveNamespaces };
  }

  /** A layer clone attached as a peer joins the group. */
  joined(): void {
    this.attachedPeers++;
    if (this.peers > this.peakPeers) this.peakPeers = this.peers;
  }

  /** A umount under a shared mount: `passes` walks, and the teardown of the copy in every slave namespace. */
  umount(inLayerGroup: boolean, passes: number): Walk {
    const n = this.nodes(inLayerGroup ? this.peers : 0);
    const walkPs = Math.round(passes * n * this.nodePs(n));
    record(this.umountWalks, passes * n, walkPs);
    for (const w of this.windows) if (w.mounts > 0) w.mounts--;
    return { walkPs, copies: this.slaveNamespaces };
  }

  /** A peer layer clone is unmounted: it leaves the group. */
  left(): void {
    this.attachedPeers--;
  }

  /** A container's namespace, copied from a host table of `mounts` mounts, becomes a slave namespace. */
  openWindow(mounts: number): InitWindow {
    const w: InitWindow = { mounts };
    this.windows.add(w);
    if (this.slaveNamespaces > this.peakSlaveNamespaces) this.peakSlaveNamespaces = this.slaveNamespaces;
    return w;
  }

  /** Its old root is detached: it holds no slave copies of the host any more. */
  closeWindow(w: InitWindow): void {
    this.windows.delete(w);
  }
}

function record(s: WalkStats, nodes: number, ps: Ps): void {
  s.walks++;
  s.nodes += nodes;
  if (nodes > s.nodesMax) s.nodesMax = nodes;
  s.ps += ps;
}
