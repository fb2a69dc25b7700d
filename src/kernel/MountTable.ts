// The host mount table: its mounts by kind (their mountinfo lines differ in length), the live
// children of the directory under which the idmapped layers are mounted, and what walking them costs.
// Its size M drives every mountinfo read, `copy_mnt_ns` and `umount_tree`.

import type { Ps } from '../core/index.ts';
import type { KernelParams } from './KernelParams.ts';

export type MountKind = 'other' | 'bind' | 'overlay';

export class MountTable {
  /** Mounts by kind. */
  other: number;
  bind = 0;
  overlay = 0;
  /** Live children of the directory under which the idmapped layer mounts are made. */
  idmapChildren = 0;
  /**
   * The price of touching one mount last written by another CPU: the machine's mean one-way line
   * transfer (walks of children, `copy_mnt_ns`, `umount_tree`).
   */
  readonly transferPs: Ps;
  private readonly params: KernelParams;

  constructor(params: KernelParams, transferPs: Ps) {
    this.params = params;
    this.transferPs = transferPs;
    this.other = params.hostMounts;
  }

  /** M, the mounts in the table. */
  get size(): number {
    return this.other + this.bind + this.overlay;
  }

  /** Bytes of a full mountinfo read of the table. */
  get bytes(): number {
    const p = this.params;
    return this.other * p.bytesPerOtherMount + this.bind * p.bytesPerBindMount + this.overlay * p.bytesPerOverlay;
  }

  /** An idmapped layer is attached under the idmap parent. */
  attachLayer(): void {
    this.bind++;
    this.idmapChildren++;
  }

  /** An idmapped layer is detached from under the idmap parent. */
  detachLayer(): void {
    this.bind--;
    this.idmapChildren--;
  }

  /**
   * Walking the existing children of the idmap parent (bind mount, open_tree, an overlay lowerdir):
   * childWalkTransfers line transfers per child (reference: ≈ +25 ns per child).
   */
  childWalkPs(): Ps {
    return Math.round(this.idmapChildren * this.params.childWalkTransfers * this.transferPs);
  }

  /**
   * The price per mount of a walk over the whole table (`copy_mnt_ns`, `umount_tree`): `workPs` of
   * work plus umountTreeTransfers transfers of lines other CPUs wrote.
   */
  perMountTreeWalkPs(workPs: Ps): Ps {
    return workPs + this.params.umountTreeTransfers * this.transferPs;
  }
}
